import type { EnvironmentInput } from '../modules/config/schema';

/** Staging: production-shaped (Multi-AZ, NAT per AZ, CloudFront) on smaller sizes. */
const staging: EnvironmentInput = {
  name: 'staging',
  production: false,
  account: { id: '111111111111', region: 'us-east-1', baseline: 'nonprod' },
  network: { cidr: '10.20.0.0/16', azCount: 2 },
  dns: {
    domain: 'api.staging.helloapi.example.com',
    zoneName: 'helloapi.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    // The zone lives in the shared-services account; records are written through this role there.
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-dns-staging',
  },
  compute: {
    cpu: 512,
    memory: 1024,
    desiredCount: 2,
    maxCount: 4,
    image: { tag: 'v0.1.0' },
    // Off-hours (weekday evenings from 20:00 and weekends, New York time): one task, at most two; two to four again
    // at 07:00 on weekdays. The lower floor is a relaxation (offHoursScaleDown below), shown in every audit.
    offHours: { timezone: 'America/New_York', scaleDown: 'cron(0 20 ? * MON-FRI *)', scaleUp: 'cron(0 7 ? * MON-FRI *)', minCount: 1, maxCount: 2 },
  },
  database: { instanceClass: 'db.t4g.small', allocatedStorage: 20, maxAllocatedStorage: 100 },
  edge: {
    pathRateLimits: [{ path: '/api/token/', limit: 100 }],
    // Staged WAF rollout, worked example: a new managed group (Linux LFI/path-traversal patterns) starts here in
    // count mode. It only records what it would block (CloudWatch metric <acl>-AWSManagedRulesLinuxRuleSet,
    // sampled requests, WAF logs); the audit lists it (HAPI-WAF-09). When a release cycle shows no legitimate
    // request matched, drop the `count` entry (it then blocks here) and add the group to prod, blocking from day one.
    // Production may not count-only a rule without a reasoned suppression of HAPI-WAF-08.
    extraWafManagedRuleGroups: ['AWSManagedRulesLinuxRuleSet'],
    wafRuleModes: { AWSManagedRulesLinuxRuleSet: 'count' },
  },
  monitoring: { alarmEmails: ['platform-alerts@example.com'] },
  // State lives in the shared-services account, reached through a role the helloapi-state stack creates (docs/deploy.md).
  state: {
    backend: 's3',
    bucket: 'helloapi-tfstate-333333333333',
    region: 'us-east-1',
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-staging',
  },
  tags: { CostCenter: 'helloapi-staging' },
  relaxations: {
    shortLogRetention: { reason: 'Staging logs are for release checks only; 90 days is enough.' },
    offHoursScaleDown: { reason: 'Cost: nobody tests against staging at night or at weekends; one task (no Multi-AZ spread) is enough then.' },
  },
  logRetentionDays: 90,
};
export default staging;
