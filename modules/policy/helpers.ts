/** Cross-resource look-ups shared by several rules (rules themselves live one per file in rules/). */
import { StackView } from './stack';
import { blocks, containerDefinitions, ContainerDefinition, isTrue, ResourceView } from './tf-json';

/** Configuration resources (`aws_s3_bucket_versioning`, ...) that point at a bucket. */
export function bucketConfigs(stack: StackView, bucket: ResourceView, type: string): ResourceView[] {
  return stack.referencing(bucket.address, [type], 'bucket');
}

/** Application load balancers (aws_lb of type application, or aws_alb). */
export function applicationLoadBalancers(stack: StackView): ResourceView[] {
  return stack.resources('aws_lb', 'aws_alb').filter((lb) => (lb.values.load_balancer_type ?? 'application') === 'application');
}

export function isInternetFacing(lb: ResourceView): boolean {
  return !isTrue(lb.values.internal);
}

/**
 * Application load balancers clients reach: internet-facing ones, and internal ones a CloudFront VPC origin targets
 * (behind CloudFront the ALB is internal, yet every API request reaches it).
 */
export function clientFacingLoadBalancers(stack: StackView): ResourceView[] {
  const viaVpcOrigin = vpcOriginTargetAddresses(stack);
  return applicationLoadBalancers(stack).filter((lb) => isInternetFacing(lb) || viaVpcOrigin.has(lb.address));
}

/** Listeners of a load balancer. */
export function listenersOf(stack: StackView, lb: ResourceView): ResourceView[] {
  return stack.referencing(lb.address, ['aws_lb_listener', 'aws_alb_listener'], 'load_balancer_arn');
}

/** Whether a listener's default action redirects to HTTPS. */
export function redirectsToHttps(listener: ResourceView): boolean {
  const actions = blocks(listener.values.default_action);
  return (
    actions.length > 0 &&
    actions.every((a) => a.type === 'redirect' && String(blocks(a.redirect)[0]?.protocol ?? '').toUpperCase() === 'HTTPS')
  );
}

export interface TaskContainer {
  readonly taskDefinition: ResourceView;
  readonly container: ContainerDefinition;
}

/** Every container of every task definition; unreadable definitions are reported separately. */
export function containers(stack: StackView): { items: TaskContainer[]; unreadable: ResourceView[] } {
  const items: TaskContainer[] = [];
  const unreadable: ResourceView[] = [];
  for (const td of stack.resources('aws_ecs_task_definition')) {
    const defs = containerDefinitions(td);
    if (!defs) unreadable.push(td);
    else for (const c of defs) items.push({ taskDefinition: td, container: c });
  }
  return { items, unreadable };
}

/** `environment` as a map. */
export function environmentOf(c: ContainerDefinition): Map<string, string> {
  return new Map((c.environment ?? []).map((e) => [e.name, String(e.value)]));
}

/** `secrets` as a map of name -> valueFrom. */
export function secretsOf(c: ContainerDefinition): Map<string, string> {
  return new Map((c.secrets ?? []).map((s) => [s.name, String(s.valueFrom)]));
}

/** Django-style boolean settings. */
export function isFalsySetting(v: string | undefined): boolean {
  return v !== undefined && ['false', '0', 'no', 'off', ''].includes(v.trim().toLowerCase());
}
export function isTruthySetting(v: string | undefined): boolean {
  return v !== undefined && ['true', '1', 'yes', 'on'].includes(v.trim().toLowerCase());
}

/** Names that look like secrets (same test as the compute layer's guard, plus AWS key names). */
export const SECRET_LOOKING_NAME = /SECRET|PASSW(OR)?D|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH_DATA/i;

/** Environment stacks with a relaxation-free production configuration get production-only rules. */
export function forEachContainer<T>(stack: StackView, fn: (tc: TaskContainer) => T | undefined): { subject: string; value: T }[] {
  const out: { subject: string; value: T }[] = [];
  for (const tc of containers(stack).items) {
    const v = fn(tc);
    if (v !== undefined) out.push({ subject: `${tc.taskDefinition.address}[${tc.container.name ?? '?'}]`, value: v });
  }
  return out;
}

/** Whether a web ACL has a blocking rate-based rule. */
export function hasRateLimit(acl: ResourceView): boolean {
  return blocks(acl.values.rule).some((r) => blocks(r.statement)[0]?.rate_based_statement !== undefined && blocks(r.action)[0]?.block !== undefined);
}

/**
 * CloudFront distributions with a custom origin or a VPC origin (the ALB) and the web ACLs that
 * guard them. When present, clients reach the API through CloudFront: client IPs
 * (rate limits, IP reputation) are only visible to the CLOUDFRONT-scoped ACL,
 * while the regional ACL on the ALB sees CloudFront's addresses.
 */
export function cloudFrontFront(stack: StackView): { distribution: ResourceView; acl?: ResourceView }[] {
  return stack
    .resources('aws_cloudfront_distribution')
    .filter((d) => blocks(d.values.origin).some((o) => blocks(o.custom_origin_config).length > 0 || blocks(o.vpc_origin_config).length > 0))
    .map((d) => ({ distribution: d, acl: stack.resolve(d.values.web_acl_id) }));
}

/** The `aws_cloudfront_vpc_origin` resources the distribution's origins name (`vpc_origin_config.vpc_origin_id`). */
export function vpcOriginsOf(stack: StackView, distribution: ResourceView): ResourceView[] {
  return blocks(distribution.values.origin)
    .flatMap((o) => blocks(o.vpc_origin_config))
    .map((c) => stack.resolve(c.vpc_origin_id))
    .filter((r): r is ResourceView => r?.type === 'aws_cloudfront_vpc_origin');
}

/** Addresses of the load balancers any VPC origin of the stack points at. */
export function vpcOriginTargetAddresses(stack: StackView): Set<string> {
  return new Set(stack.resources('aws_cloudfront_vpc_origin').flatMap((v) => vpcOriginTargets(stack, v).map((lb) => lb.address)));
}

/** The load balancers a VPC origin points at (`vpc_origin_endpoint_config.arn`). */
export function vpcOriginTargets(stack: StackView, vpcOrigin: ResourceView): ResourceView[] {
  return blocks(vpcOrigin.values.vpc_origin_endpoint_config)
    .map((c) => stack.resolve(c.arn))
    .filter((r): r is ResourceView => r !== undefined && (r.type === 'aws_lb' || r.type === 'aws_alb'));
}
