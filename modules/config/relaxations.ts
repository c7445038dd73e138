/**
 * The only way an environment weakens a secure default: an entry in its
 * `relaxations` block with a reason. Every relaxation shows up in the audit.
 */
export interface RelaxationSpec {
  /** What the relaxation changes. */
  readonly effect: string;
  /** Whether a production environment may use it. */
  readonly allowedInProduction: boolean;
}

export const RELAXATIONS = {
  singleNatGateway: {
    effect: 'one shared NAT gateway instead of one per AZ (egress fails with that AZ)',
    allowedInProduction: false,
  },
  noVpcEndpoints: {
    effect: 'no VPC endpoints: AWS API traffic from tasks leaves through NAT',
    allowedInProduction: false,
  },
  singleAzDatabase: {
    effect: 'RDS without Multi-AZ (no standby; an AZ outage takes the database down)',
    allowedInProduction: false,
  },
  noDeletionProtection: {
    effect: 'deletion protection off on the database and the load balancer; KMS keys and the database are not prevent_destroy',
    allowedInProduction: false,
  },
  skipFinalSnapshot: {
    effect: 'no final snapshot when the database is destroyed',
    allowedInProduction: false,
  },
  noCloudFront: {
    effect: 'no CloudFront distribution in front of the ALB',
    allowedInProduction: false,
  },
  shortLogRetention: {
    effect: 'log retention below 365 days',
    allowedInProduction: false,
  },
  mutableImageTag: {
    effect: 'the service may run the `latest` image tag',
    allowedInProduction: false,
  },
  ecsExec: {
    effect: 'ECS Exec enabled: operators can open a shell in running tasks (sessions are logged)',
    allowedInProduction: true,
  },
  rollingDeployment: {
    effect: 'production deploys roll in place (circuit breaker) instead of blue/green: no test listener, no bake time, no rollback on the alarms',
    allowedInProduction: true,
  },
  offHoursScaleDown: {
    effect: 'off-hours scheduled scaling lowers the service below compute.minCount (fewer tasks, less headroom, outside business hours)',
    allowedInProduction: false,
  },
  noAlarmSubscribers: {
    effect: 'the alert topic has no subscriber: alarms fire but nobody is told',
    allowedInProduction: false,
  },
} as const satisfies Record<string, RelaxationSpec>;

export type RelaxationName = keyof typeof RELAXATIONS;
export const RELAXATION_NAMES = Object.keys(RELAXATIONS) as RelaxationName[];
