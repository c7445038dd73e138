/**
 * The listeners and the host lock: port 80 only redirects; 443 answers 421 unless a forward rule matches
 * (an API host name). Clients asking by IP or by the ALB's amazonaws.com name get nothing from Django.
 * Behind CloudFront no origin-secret header is needed: the ALB is internal and reached only through the
 * CloudFront VPC origin (vpc-origin.ts).
 */
import { Construct } from 'constructs';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsLbListenerRule } from '@cdktf/provider-aws/lib/data-aws-lb-listener-rule';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { hstsValue } from './headers';
import type { EdgeSettings } from './validation';

/** The strictest ALB policy that CloudFront and current clients can all negotiate: TLS 1.3, and TLS 1.2 with forward-secret AEAD ciphers only. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

/**
 * What the HTTPS listener answers when no forward rule matches (wrong Host header): 421 Misdirected Request, RFC 9110 section 15.5.20, "the server is
 * not able to produce a response for this combination of scheme and authority". It says exactly
 * what is wrong to a misconfigured client, tells a scanner nothing about the app, and is easy to
 * tell apart from Django's own 4xx in the ALB access logs.
 */
export const HOST_LOCK_RESPONSE = { contentType: 'text/plain', messageBody: 'Misdirected Request', statusCode: '421' } as const;

/** Host names per forward rule: an ALB rule condition takes at most 3 values (and a rule at most 5 in total). */
export const HOSTS_PER_RULE = 3;

/** Priority of the first forward rule; the next ones follow (1-9 stay free for rules of your own that must run first). */
export const FORWARD_RULE_PRIORITY = 10;

/** `http` (a 301 to HTTPS, nothing else) and `https` (TLS policy, security headers, 421 by default). */
export function buildListeners(scope: Construct, { props, headers }: EdgeSettings, alb: Lb, certificate: AcmCertificateValidation) {
  const http = new LbListener(scope, 'http', {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    tags: props.tags,
  });
  const https = new LbListener(scope, 'https', {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
    certificateArn: certificate.certificateArn,
    defaultAction: [{ type: 'fixed-response', fixedResponse: { ...HOST_LOCK_RESPONSE } }],
    ...responseHeaders(headers),
    tags: props.tags,
  });
  return { http, https };
}

/** Security headers on every response, whatever the app sends, and no `Server: awselb/2.0` banner. */
function responseHeaders(headers: EdgeSettings['headers']) {
  return {
    routingHttpResponseStrictTransportSecurityHeaderValue: hstsValue(headers),
    routingHttpResponseXContentTypeOptionsHeaderValue: 'nosniff',
    routingHttpResponseXFrameOptionsHeaderValue: headers.frameOptions,
    routingHttpResponseContentSecurityPolicyHeaderValue: headers.contentSecurityPolicy,
    routingHttpResponseServerEnabled: false,
  };
}

/**
 * Forward rules of the HTTPS listener: `https_forward_a`, `_b`, ... at priorities FORWARD_RULE_PRIORITY, + 1, ..., each
 * matching up to HOSTS_PER_RULE host names (in the order given). At most 26 rules (the props check limits the names).
 */
export function hostLockedRules(scope: Construct, https: LbListener, targetGroup: LbTargetGroup, hosts: readonly string[], tags?: Record<string, string>, blueGreen = false): LbListenerRule[] {
  const rules: LbListenerRule[] = [];
  let serving: string | undefined;
  for (let i = 0; i * HOSTS_PER_RULE < hosts.length; i++) {
    const values = hosts.slice(i * HOSTS_PER_RULE, (i + 1) * HOSTS_PER_RULE);
    // Blue/green, a rule after the first: created to forward where the first one forwards now (one read of it).
    const targetGroupArn = blueGreen && i > 0 ? (serving ??= servingTargetGroupArn(scope, rules[0], targetGroup)) : targetGroup.arn;
    rules.push(
      new LbListenerRule(scope, `https_forward_${String.fromCharCode(97 + i)}`, {
        listenerArn: https.arn,
        priority: FORWARD_RULE_PRIORITY + i,
        condition: [{ hostHeader: { values } }],
        action: [{ type: 'forward', targetGroupArn }],
        tags,
        // Blue/green: CodeDeploy reroutes production traffic by rewriting the rules that forward to the serving target
        // group (ModifyRule, in the CodeDeploy role's policy) to the other one; applying the literal action again
        // would send traffic back to a target group that may have no tasks left. The drift report calls a rule
        // forwarding outside the pair drift (modules/review/drift.ts), since this ignore_changes hides it from plans.
        ...(blueGreen ? { lifecycle: { ignoreChanges: ['action'] } } : {}),
      }),
    );
  }
  return rules;
}

/**
 * Blue/green: the target group production is on, read from the first forward rule as AWS has it now
 * (`data.aws_lb_listener_rule.<edge>_https_forward_live`): the one with the highest weight in its forward action,
 * which CodeDeploy rewrites on every deployment (blue or green; the larger share during a canary). Blue when it
 * cannot tell (an even split mid-deployment). A rule Terraform creates later (a 4th, 7th, ... host name) thus starts
 * on the serving target group instead of on blue, which may have no tasks left (modules/compute/README.md, "Adding
 * host names to a blue/green environment").
 *
 * The resource's own `action` cannot say it: the provider (hashicorp/aws 5.100.0) reads a rule configured with
 * `target_group_arn` back as `target_group_arn = ""` and no `forward` block once its forward action holds two
 * weighted target groups (checked against the emulator: ModifyRule to blue 0 / green 100, then a refresh). The data
 * source reads `forward.target_group` whole. Its `arn` is unknown until the first rule exists, so a first deploy and
 * an offline plan read nothing; it reads the rule (elasticloadbalancing:DescribeRules) on every later plan.
 */
function servingTargetGroupArn(scope: Construct, first: LbListenerRule, blue: LbTargetGroup): string {
  const live = new DataAwsLbListenerRule(scope, 'https_forward_live', { arn: first.arn });
  const groups = `try(${live.fqn}.action[0].forward.target_group, [])`;
  return `\${try(one([for g in ${groups} : g.arn if g.weight == max([for w in ${groups} : w.weight]...)]), ${blue.fqn}.arn)}`;
}

/**
 * Blue/green: `https_test`, the test listener CodeDeploy routes to the replacement task set before production traffic
 * ("test listener", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html): HTTPS
 * with the production listener's certificate, TLS policy and security headers, forwarding to the blue target group until a deployment
 * routes it to green (Terraform ignores its default action from then on). Reachable only from the VPC
 * (`alb_ingress_test_vpc`) and the allow list (`alb_ingress_test_<n>`): its own rules on the ALB's group, on its port
 * only. Behind CloudFront the ALB is internal, so nothing outside the VPC and its connected networks reaches it anyway.
 */
export function buildTestListener(scope: Construct, { props, headers }: EdgeSettings, alb: Lb, certificate: AcmCertificateValidation, blue: LbTargetGroup): { listener: LbListener; ingress: VpcSecurityGroupIngressRule[] } {
  const t = props.testListener!;
  const listener = new LbListener(scope, 'https_test', {
    loadBalancerArn: alb.arn,
    port: t.port,
    protocol: 'HTTPS',
    sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
    certificateArn: certificate.certificateArn,
    defaultAction: [{ type: 'forward', targetGroupArn: blue.arn }],
    ...responseHeaders(headers),
    tags: props.tags,
    lifecycle: { ignoreChanges: ['default_action'] },
  });
  const rule = (id: string, cidr: string, description: string) =>
    new VpcSecurityGroupIngressRule(scope, id, { securityGroupId: props.network.albSecurityGroupId, description, ipProtocol: 'tcp', fromPort: t.port, toPort: t.port, cidrIpv4: cidr, tags: props.tags });
  const ingress = [
    rule('alb_ingress_test_vpc', t.vpcCidr, 'Blue/green test listener: from inside the VPC'),
    ...(t.allowedCidrs ?? []).map((c, i) => rule(`alb_ingress_test_${i}`, c, 'Blue/green test listener: allow list')),
  ];
  return { listener, ingress };
}
