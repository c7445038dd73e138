/**
 * `layerBaseProblems` (core/context.ts), the check every layer runs on its base props, and the module variables it
 * mirrors (core/module-variables.ts): one pattern for the region, one list of partitions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fn } from 'cdktf';
import { ACCOUNT_BASELINE_MAX_NAME_LENGTH } from '../../modules/account-baseline/validation';
import { COMPUTE_MAX_NAME_LENGTH } from '../../modules/compute/validate';
import { layerBaseProblems } from '../../modules/core/context';
import { partitionVariable, regionVariable } from '../../modules/core/module-variables';
import { AWS_PARTITIONS, REGION_PATTERN } from '../../modules/core/patterns';
import { DATABASE_MAX_NAME_LENGTH } from '../../modules/database/validation';
import { EDGE_MAX_NAME_LENGTH } from '../../modules/edge/validation';
import { MONITORING_MAX_NAME_LENGTH } from '../../modules/monitoring/validation';
import { NETWORK_MAX_NAME_LENGTH } from '../../modules/network/validation';
import { STATE_MAX_NAME_LENGTH } from '../../modules/state/validation';

const RULE = { maxNameLength: 24, nameUse: 'it prefixes everything' };
const GOOD = { name: 'helloapi-prod', accountId: '123456789012', region: 'eu-west-1' };
const props = (p: Record<string, unknown>) => layerBaseProblems({ ...GOOD, ...p } as never, RULE).map((x) => [x.prop, x.value, x.message]);

describe('layerBaseProblems', () => {
  it('accepts valid props, with or without a partition', () => {
    expect(props({})).toEqual([]);
    for (const partition of AWS_PARTITIONS) expect(props({ partition })).toEqual([]);
    expect(props({ region: 'us-gov-west-1', partition: 'aws-us-gov' })).toEqual([]);
  });

  it('names each refused prop with its value and what is allowed, the name with the layer\'s limit and use', () => {
    expect(props({ name: 'Zeta_Billing', accountId: '999', region: 'eu_central_1', partition: 'aws-iso' })).toEqual([
      ['name', 'Zeta_Billing', 'must be lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit, at most 24 characters (it prefixes everything)'],
      ['accountId', '999', 'must be a 12-digit AWS account ID'],
      ['region', 'eu_central_1', 'must be an AWS region name such as eu-west-1'],
      ['partition', 'aws-iso', 'must be aws, aws-cn or aws-us-gov'],
    ]);
  });

  it('refuses what the module variables refuse: short, long, edged or doubled names; non-strings; a missing name', () => {
    for (const name of ['a', '-ab', 'ab-', 'a--b', 'a'.repeat(25), 'ab.c', 42, undefined]) expect(props({ name }).map(([prop]) => prop)).toEqual(['name']);
    for (const name of ['ab', 'a1', 'a-b', 'a'.repeat(24)]) expect(props({ name })).toEqual([]);
    for (const accountId of ['12345678901', '1234567890123', '12345678901a', 123456789012]) expect(props({ accountId }).map(([prop]) => prop)).toEqual(['accountId']);
    for (const region of ['Europe', 'eu-west', 'euwest1', 'EU-WEST-1']) expect(props({ region }).map(([prop]) => prop)).toEqual(['region']);
  });

  it('leaves tokens (Terraform variables of the published modules) to the module validations', () => {
    const token = Fn.lower('NOT-CHECKED-HERE');
    expect(props({ name: token, accountId: token, region: token, partition: token })).toEqual([]);
  });

  it('reads the region pattern and partitions the module variables render', () => {
    expect(regionVariable.validation![0].condition).toBe(`can(regex(${JSON.stringify(REGION_PATTERN)}, var.region))`);
    expect(partitionVariable.validation![0].condition).toBe(`contains(${JSON.stringify([...AWS_PARTITIONS]).replace(/,/g, ', ')}, var.partition)`);
  });
});

describe('LayerBaseProps.name JSDoc', () => {
  it("states each layer's limit as its constant has it", () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'modules', 'core', 'context.ts'), 'utf8');
    const limits = /(\d+) characters for network, compute, state and\s+\*\s+account baseline, (\d+) for edge(?: \((\d+) with its blue\/green test listener\))?, (\d+) for database and monitoring/.exec(source);
    expect(limits?.slice(1).map(Number)).toEqual([NETWORK_MAX_NAME_LENGTH, EDGE_MAX_NAME_LENGTH, EDGE_MAX_NAME_LENGTH - 2, DATABASE_MAX_NAME_LENGTH]);
    expect([COMPUTE_MAX_NAME_LENGTH, STATE_MAX_NAME_LENGTH, ACCOUNT_BASELINE_MAX_NAME_LENGTH]).toEqual([NETWORK_MAX_NAME_LENGTH, NETWORK_MAX_NAME_LENGTH, NETWORK_MAX_NAME_LENGTH]);
    expect(MONITORING_MAX_NAME_LENGTH).toBe(DATABASE_MAX_NAME_LENGTH);
  });

  it('the constants it names are exported by the layers (the package entry points)', () => {
    const fromEntry = [
      (require('../../modules/network') as typeof import('../../modules/network')).NETWORK_MAX_NAME_LENGTH,
      (require('../../modules/compute') as typeof import('../../modules/compute')).COMPUTE_MAX_NAME_LENGTH,
      (require('../../modules/state') as typeof import('../../modules/state')).STATE_MAX_NAME_LENGTH,
      (require('../../modules/account-baseline') as typeof import('../../modules/account-baseline')).ACCOUNT_BASELINE_MAX_NAME_LENGTH,
      (require('../../modules/edge') as typeof import('../../modules/edge')).EDGE_MAX_NAME_LENGTH,
      (require('../../modules/database') as typeof import('../../modules/database')).DATABASE_MAX_NAME_LENGTH,
      (require('../../modules/monitoring') as typeof import('../../modules/monitoring')).MONITORING_MAX_NAME_LENGTH,
    ];
    expect(fromEntry).toEqual([24, 24, 24, 24, 28, 40, 40]);
  });
});
