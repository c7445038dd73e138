/** GuardDuty (detector and protection plans) and Security Hub (hub and standards). */
import { Construct } from 'constructs';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import type { AccountBaselineProps, SecurityHubStandard } from './index';
import type { BaselineSettings } from './settings';

/** The standard's ARN in a partition and region. */
export function securityHubStandardArn(standard: SecurityHubStandard, partition: string, region: string): string {
  switch (standard) {
    case 'aws-foundational-security-best-practices':
      return `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
    case 'cis-1.4.0':
      return `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`;
    case 'cis-3.0.0':
      return `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
  }
}

/** The construct id of a standard's subscription (part of its Terraform address). */
export function securityHubStandardId(standard: SecurityHubStandard): string {
  return standard === 'aws-foundational-security-best-practices' ? 'securityhub_fsbp' : `securityhub_${standard.replace(/[^a-z0-9]+/g, '_')}`;
}

/** `guardduty` and `guardduty_{s3,rds,runtime}`: every feature with an explicit status, so plans show what is on and off. */
export function guardDuty(scope: Construct, props: AccountBaselineProps, s: BaselineSettings): { detector: GuarddutyDetector; features: GuarddutyDetectorFeature[] } {
  const cfg = props.guardDuty ?? {};
  const detector = new GuarddutyDetector(scope, 'guardduty', {
    enable: true,
    findingPublishingFrequency: cfg.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
    tags: s.tags,
  });
  const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
  const runtime = cfg.runtimeMonitoring ?? true;
  const features = [
    new GuarddutyDetectorFeature(scope, 'guardduty_s3', { detectorId: detector.id, name: 'S3_DATA_EVENTS', status: status(cfg.s3DataEvents ?? true) }),
    new GuarddutyDetectorFeature(scope, 'guardduty_rds', { detectorId: detector.id, name: 'RDS_LOGIN_EVENTS', status: status(cfg.rdsLoginEvents ?? true) }),
    new GuarddutyDetectorFeature(scope, 'guardduty_runtime', {
      detectorId: detector.id,
      name: 'RUNTIME_MONITORING',
      status: status(runtime),
      additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: status(runtime && (cfg.ecsFargateAgentManagement ?? true)) }],
    }),
  ];
  return { detector, features };
}

/** `securityhub` and one `securityhub_<standard>` per standard, subscribed after the hub. */
export function securityHub(scope: Construct, props: AccountBaselineProps, s: BaselineSettings): { hub: SecurityhubAccount; standards: SecurityhubStandardsSubscription[] } {
  const hub = new SecurityhubAccount(scope, 'securityhub', {
    // Standards are subscribed explicitly below; consolidated control findings.
    enableDefaultStandards: false,
    controlFindingGenerator: 'SECURITY_CONTROL',
    autoEnableControls: true,
  });
  const standards = (props.securityHub?.standards ?? ['aws-foundational-security-best-practices', 'cis-3.0.0']).map(
    (standard) =>
      new SecurityhubStandardsSubscription(scope, securityHubStandardId(standard), {
        standardsArn: securityHubStandardArn(standard, s.partition, props.region),
        dependsOn: [hub],
      }),
  );
  return { hub, standards };
}
