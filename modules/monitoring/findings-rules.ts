/** EventBridge rules forwarding GuardDuty and Security Hub findings to the alert topic. */
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { AlarmTarget } from './alarm-resources';
import { GUARDDUTY_INPUT, SECURITY_HUB_INPUT, guardDutyFindingsPattern, securityHubFindingsPattern } from './findings';
import type { SecurityFindingAlerts } from './props';

/** Who owns the rules: their names start with `name`; `tags` on each rule. */
export interface FindingsRulesOwner {
  readonly name: string;
  readonly tags?: Record<string, string>;
}

/**
 * Whether `findingsRules` creates any rule for `findings`: GuardDuty forwarding not off, or at least one Security Hub
 * label. The topic's owner grants EventBridge (topic policy and key) only then.
 */
export function findingsRulesWanted(findings: SecurityFindingAlerts | false | undefined): boolean {
  if (findings === undefined || findings === false) return false;
  return findings.guardDutyMinSeverity !== false || (findings.securityHubSeverityLabels ?? ['CRITICAL', 'HIGH']).length > 0;
}

/**
 * `guardduty_findings` and `securityhub_findings` (each with `<id>_to_topic`), as `findings` asks (`false` or
 * undefined: none). Created once per account by the account baseline (the monitoring layer only when asked).
 */
export function findingsRules(scope: Construct, props: FindingsRulesOwner, findings: SecurityFindingAlerts | false | undefined, target: AlarmTarget & { topicName: string }): CloudwatchEventRule[] {
  if (!findingsRulesWanted(findings)) return [];
  const f = findings as SecurityFindingAlerts;
  const minSeverity = f.guardDutyMinSeverity ?? 7;
  const labels = f.securityHubSeverityLabels ?? ['CRITICAL', 'HIGH'];
  const rules: CloudwatchEventRule[] = [];
  if (minSeverity !== false) {
    rules.push(
      findingsRule(scope, props, target, {
        id: 'guardduty_findings',
        ruleName: `${props.name}-guardduty-findings`,
        description: `GuardDuty findings with severity >= ${minSeverity} to ${target.topicName}`,
        pattern: guardDutyFindingsPattern(minSeverity),
        input: GUARDDUTY_INPUT,
      }),
    );
  }
  if (labels.length > 0) {
    rules.push(
      findingsRule(scope, props, target, {
        id: 'securityhub_findings',
        ruleName: `${props.name}-securityhub-findings`,
        description: `New ${labels.join('/')} Security Hub findings to ${target.topicName}`,
        pattern: securityHubFindingsPattern(labels, minSeverity !== false),
        input: SECURITY_HUB_INPUT,
      }),
    );
  }
  return rules;
}

interface FindingsRule {
  readonly id: string;
  readonly ruleName: string;
  readonly description: string;
  readonly pattern: Record<string, unknown>;
  readonly input: { inputPaths: Record<string, string>; inputTemplate: string };
}

function findingsRule(scope: Construct, props: FindingsRulesOwner, target: AlarmTarget, r: FindingsRule): CloudwatchEventRule {
  const rule = new CloudwatchEventRule(scope, r.id, { name: r.ruleName, description: r.description, eventPattern: JSON.stringify(r.pattern), tags: props.tags });
  new CloudwatchEventTarget(scope, `${r.id}_to_topic`, {
    rule: rule.name,
    targetId: 'alert-topic',
    arn: target.topicArn,
    inputTransformer: r.input,
    dependsOn: [target.topicPolicy],
  });
  return rule;
}
