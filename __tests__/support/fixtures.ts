import type { EnvironmentInput } from '../../modules/config/schema';
import { validateEnvironments } from '../../modules/config/validate';
import type { EnvironmentConfig } from '../../modules/config/types';

/** The shared-services account 333333333333 holds the state bucket and the hosted zone; each environment has its own roles there. */
export const SHARED_ACCOUNT = '333333333333';

/** S3 state in the shared account, through the environment's own role. */
export function sharedState(env: string): Extract<EnvironmentInput['state'], { backend: 's3' }> {
  return { backend: 's3', bucket: 'example-tfstate', region: 'us-east-1', accountId: SHARED_ACCOUNT, roleArn: `arn:aws:iam::${SHARED_ACCOUNT}:role/helloapi-state-${env}` };
}

/** The hosted zone's account and the environment's DNS role there. */
export function sharedZone(env: string): { accountId: string; roleArn: string } {
  return { accountId: SHARED_ACCOUNT, roleArn: `arn:aws:iam::${SHARED_ACCOUNT}:role/helloapi-dns-${env}` };
}

/** A valid non-production environment to mutate in tests. */
export function devInput(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: 'dev',
    production: false,
    account: { id: '111111111111', region: 'us-east-1', baseline: 'nonprod' },
    network: { cidr: '10.10.0.0/16', azCount: 2 },
    dns: { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', ...sharedZone('dev') },
    compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1.0.0' } },
    database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20 },
    monitoring: { alarmEmails: ['ops@example.com'] },
    state: sharedState('dev'),
    ...overrides,
  };
}

/** A valid production environment to mutate in tests. */
export function prodInput(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return devInput({
    name: 'prod',
    production: true,
    account: { id: '222222222222', region: 'us-east-1', baseline: 'prod' },
    network: { cidr: '10.30.0.0/16', azCount: 3 },
    dns: { domain: 'api.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', ...sharedZone('prod') },
    compute: { cpu: 1024, memory: 2048, desiredCount: 2, image: { tag: 'v1.0.0' } },
    database: { instanceClass: 'db.m7g.large', allocatedStorage: 100 },
    state: sharedState('prod'),
    ...overrides,
  });
}

/** Validates inputs the way main.ts does (file names = names). */
export function resolveInputs(...inputs: EnvironmentInput[]): EnvironmentConfig[] {
  return validateEnvironments(inputs.map((raw) => ({ source: `environments/${raw.name}.ts`, fileName: raw.name, raw })));
}
