import type { EnvironmentInput } from '../modules/config/schema';

/** Production: every secure default on, no relaxations. */
const prod: EnvironmentInput = {
  name: 'prod',
  production: true,
  account: { id: '222222222222', region: 'us-east-1', baseline: 'prod' },
  network: { cidr: '10.30.0.0/16', azCount: 3 },
  dns: {
    domain: 'api.helloapi.example.com',
    zoneName: 'helloapi.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    // The zone lives in the shared-services account; records are written through this role there.
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-dns-prod',
  },
  compute: { cpu: 1024, memory: 2048, desiredCount: 3, minCount: 3, maxCount: 12, image: { tag: 'v0.1.0' } },
  database: { instanceClass: 'db.m7g.large', allocatedStorage: 100, maxAllocatedStorage: 1000 },
  edge: { rateLimit: 2000, pathRateLimits: [{ path: '/api/token/', limit: 100 }] },
  monitoring: { alarmEmails: ['platform-alerts@example.com', 'oncall@example.com'] },
  // State lives in the shared-services account, reached through a role the helloapi-state stack creates (docs/deploy.md).
  state: {
    backend: 's3',
    bucket: 'helloapi-tfstate-333333333333',
    region: 'us-east-1',
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-prod',
  },
  tags: { CostCenter: 'helloapi-prod', DataClassification: 'confidential' },
};
export default prod;
