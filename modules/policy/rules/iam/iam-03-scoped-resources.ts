import { at, checkov, fail, pass, seed, stackRule } from '../../dsl';
import { parsePolicy } from '../../tf-json';

/**
 * Actions that do not support resource-level permissions (IAM Service Authorization
 * Reference), so `"Resource": "*"` is the only valid form. Each with where it is used.
 */
export const UNSCOPABLE_ACTIONS: Readonly<Record<string, string>> = {
  'ecr:GetAuthorizationToken': 'ECS execution role: the registry login token is account-wide',
  'ssmmessages:CreateControlChannel': 'ECS Exec: Session Manager channels have no resource ARN',
  'ssmmessages:CreateDataChannel': 'ECS Exec: Session Manager channels have no resource ARN',
  'ssmmessages:OpenControlChannel': 'ECS Exec: Session Manager channels have no resource ARN',
  'ssmmessages:OpenDataChannel': 'ECS Exec: Session Manager channels have no resource ARN',
  'logs:DescribeLogGroups': 'ECS Exec / log shippers: listing log groups is not resource-scoped',
  'logs:CreateLogDelivery': 'vended log delivery (WAF, flow logs): delivery objects have no ARN at creation',
  'logs:GetLogDelivery': 'vended log delivery',
  'logs:UpdateLogDelivery': 'vended log delivery',
  'logs:DeleteLogDelivery': 'vended log delivery',
  'logs:ListLogDeliveries': 'vended log delivery',
  'logs:DescribeResourcePolicies': 'vended log delivery: account-level CloudWatch Logs resource policies',
  'logs:PutResourcePolicy': 'vended log delivery: account-level CloudWatch Logs resource policies',
  'cloudwatch:PutMetricData': 'custom metrics: scoped with a cloudwatch:namespace condition instead',
  'xray:PutTraceSegments': 'X-Ray tracing: no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray tracing: no resource-level permissions',
  'xray:GetSamplingRules': 'X-Ray tracing: no resource-level permissions',
  'xray:GetSamplingTargets': 'X-Ray tracing: no resource-level permissions',
  'sts:GetCallerIdentity': 'identity check: never scoped',
  'kms:ListAliases': 'listing keys: not resource-scoped',
  'ec2:DescribeNetworkInterfaces': 'ENI look-ups (Describe* actions are never resource-scoped)',
  'elasticloadbalancing:DescribeTargetGroups': 'CodeDeploy blue/green: ELB Describe* actions take no resource ARN',
  'elasticloadbalancing:DescribeListeners': 'CodeDeploy blue/green: ELB Describe* actions take no resource ARN',
  'elasticloadbalancing:DescribeRules': 'CodeDeploy blue/green: ELB Describe* actions take no resource ARN',
};

/** Key and resource policies apply to their own resource: "*" there means "this key/bucket", so only identity policies are checked. */
export const rule = stackRule({
  id: 'HAPI-IAM-03',
  title: 'Identity policies scope Resource to ARNs, except for actions that support no resource scoping',
  severity: 'error',
  resourceTypes: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_policy'],
  sources: [seed('IAM roles follow least privilege'), checkov('CKV_AWS_355'), checkov('CKV_AWS_290'), checkov('CKV_AWS_289')],
  fix: 'Name the ARNs the role needs; if an action really takes no resource, add it to UNSCOPABLE_ACTIONS with the reason.',
  notes: 'The allow-list (UNSCOPABLE_ACTIONS in this rule\'s file) names each action that takes no resource ARN and why we use it.',
  check(stack) {
    return stack.identityPolicies().map(({ address, document }) => {
      const stmts = parsePolicy(document);
      if (!stmts) return at(address, fail('policy is not literal JSON'));
      const bad: string[] = [];
      for (const s of stmts) {
        if (s.Effect !== 'Allow' || !(s.Resource.includes('*') || s.NotResource.length > 0)) continue;
        const unscopable = (a: string) => UNSCOPABLE_ACTIONS[a] !== undefined || a.startsWith('ec2:Describe');
        bad.push(...s.Action.filter((a) => !unscopable(a)));
      }
      return at(address, bad.length ? fail(`Resource "*" for ${bad.join(', ')}`) : pass('every scopable action names its resources'));
    });
  },
});
