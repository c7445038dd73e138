import type { EnvironmentInput } from '../modules/config/schema';

/** Development: small, single NAT, single-AZ database. Every relaxation says why. */
const dev: EnvironmentInput = {
  name: 'dev',
  production: false,
  account: { id: '111111111111', region: 'us-east-1', baseline: 'nonprod' },
  network: { cidr: '10.10.0.0/16', azCount: 2 },
  dns: {
    domain: 'api.dev.helloapi.example.com',
    zoneName: 'helloapi.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    // The zone lives in the shared-services account; records are written through this role there.
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-dns-dev',
  },
  compute: {
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    maxCount: 2,
    image: { tag: 'v0.1.0' },
    // Off-hours (weekday evenings from 20:00 and weekends, New York time): no scale-out beyond one task. Dev already
    // runs a single task, the lowest floor the monitoring layer allows, so the floor stays and no relaxation is needed.
    offHours: { timezone: 'America/New_York', scaleDown: 'cron(0 20 ? * MON-FRI *)', scaleUp: 'cron(0 7 ? * MON-FRI *)', minCount: 1, maxCount: 1 },
  },
  database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, maxAllocatedStorage: 50 },
  monitoring: { alarmEmails: ['platform-alerts@example.com'] },
  // State lives in the shared-services account, reached through a role the helloapi-state stack creates (docs/deploy.md).
  state: {
    backend: 's3',
    bucket: 'helloapi-tfstate-333333333333',
    region: 'us-east-1',
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-dev',
  },
  tags: { CostCenter: 'helloapi-dev' },
  relaxations: {
    singleNatGateway: { reason: 'Cost: dev tolerates losing egress when one AZ fails.' },
    singleAzDatabase: { reason: 'Cost: dev data is disposable and re-seeded from fixtures.' },
    noDeletionProtection: { reason: 'Dev stacks are torn down and rebuilt freely.' },
    skipFinalSnapshot: { reason: 'Dev data is disposable; snapshots would pile up on every rebuild.' },
    noCloudFront: { reason: 'Dev is reached directly on the ALB; WAF still fronts it.' },
    shortLogRetention: { reason: 'Dev logs are for debugging only; 30 days is enough.' },
  },
};
export default dev;
