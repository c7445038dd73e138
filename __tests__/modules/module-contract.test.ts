/**
 * The module contract (modules/core/module-contract.ts) over every module `npm run build:modules` writes: read from
 * the emitted main.tf.json files, so a module added to MODULE_SPECS is held to it without a change here. The checks
 * themselves are shown to catch each kind of breach on altered copies of the emitted modules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { moduleContractProblems } from '../../modules/core/module-contract';
import { COMMON_VARIABLE_NAMES } from '../../modules/core/module-variables';
import { buildModules, MODULE_SPECS } from '../../scripts/build-modules';
import { tmpOutdir } from '../support/synth';
import { hclBlocks, hclModuleCalls, hclSnippetProblems } from '../docs/snippets';

type Json = Record<string, any>;

describe('the module contract', () => {
  const outdir = tmpOutdir('helloapi-module-contract-');
  const modules: Record<string, Json> = {};
  const copy = (): Record<string, Json> => JSON.parse(JSON.stringify(modules));

  beforeAll(() => {
    for (const dir of buildModules(outdir)) modules[path.basename(dir)] = JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8'));
  });

  it('reads every emitted module', () => {
    expect(Object.keys(modules).sort()).toEqual(fs.readdirSync(outdir).sort());
    expect(Object.keys(modules).sort()).toEqual(MODULE_SPECS.map((s) => s.name).sort());
  });

  it('every module keeps it: common variables, one type per name, wiring to real outputs, output names', () => {
    expect(moduleContractProblems(modules)).toEqual([]);
    for (const [name, json] of Object.entries(modules)) {
      expect({ name, variables: COMMON_VARIABLE_NAMES.filter((v) => v in json.variable) }).toEqual({ name, variables: [...COMMON_VARIABLE_NAMES] });
    }
  });

  it('the common variables are the same blocks in every module (name: but for its length limit)', () => {
    for (const v of ['account_id', 'region', 'partition', 'tags']) {
      expect(new Set(Object.values(modules).map((m) => JSON.stringify(m.variable[v]))).size).toBe(1);
    }
    const names = new Set(Object.values(modules).map((m) => JSON.stringify({ ...m.variable.name, validation: m.variable.name.validation[0].condition.replace(/<= \d+/, '<= N'), description: m.variable.name.description.replace(/\d+ characters/, 'N characters') })));
    expect(names.size).toBe(1);
    expect(modules.state.variable.tags).toEqual(modules.network.variable.tags);
    expect(modules.database.variable.region.validation).toEqual(modules.network.variable.region.validation);
  });

  it('refuses a module missing a common variable, or with its own description or validation', () => {
    const m = copy();
    delete m.database.variable.tags;
    m.state.variable.region.description = 'AWS region.';
    m.compute.variable.account_id.validation = [];
    expect(moduleContractProblems(m).map((p) => `${p.module} ${p.item}`).sort()).toEqual(['compute variable account_id', 'database variable tags', 'state variable region']);
  });

  it('refuses a name without the contract validation, or with another description', () => {
    const m = copy();
    m.state.variable.name.validation = [];
    m.network.variable.name.description = 'Prefix.';
    expect(moduleContractProblems(m).map((p) => `${p.module} ${p.item}: ${p.problem}`).sort()).toEqual([
      expect.stringMatching(/^network variable name: differs from the contract's nameVariable\(24\)/),
      expect.stringMatching(/^state variable name: has no length limit/),
    ]);
  });

  it('refuses one variable name with two types, and wiring to an output that does not exist', () => {
    const m = copy();
    m.compute.variable.database_port.type = 'string';
    m.database.variable.database_port.description = 'The port (network module output `db_port`).';
    const problems = moduleContractProblems(m).map((p) => `${p.module} ${p.item}: ${p.problem}`);
    expect(problems).toContainEqual(expect.stringMatching(/^(compute|network|database) variable database_port: is (string|number) here but (string|number) in/));
    expect(problems).toContainEqual("database variable database_port: names the network module's output db_port, which it does not have");
  });

  it('refuses output names that hide what they are (snake_case, _arn, kms_key_arn, bucket_name)', () => {
    const m = copy();
    m.monitoring.output.alert_key = { value: '${aws_kms_key.monitoring_kms_key.arn}', description: 'x' };
    m.edge.output.logs_bucket = { value: '${aws_s3_bucket.edge_logs.bucket}', description: 'x' };
    m.compute.output.clusterArnX = { value: '${aws_ecs_cluster.compute_cluster.arn}', description: 'x' };
    expect(moduleContractProblems(m).map((p) => `${p.module} ${p.item}: ${p.problem}`)).toEqual([
      'edge output logs_bucket: is a bucket\'s name: its name ends in bucket_name',
      'compute output clusterArnX: must be snake_case',
      'compute output clusterArnX: is an ARN: its name ends in _arn',
      "monitoring output alert_key: is a KMS key's ARN: its name ends in kms_key_arn",
    ].sort((a, b) => order(a) - order(b)));
  });

  it('refuses a variable whose validation allows a range its description does not state', () => {
    const m = copy();
    m.database.variable.backup_retention_days.description = 'Automated backup retention in days.';
    expect(moduleContractProblems(m).map((p) => `${p.module} ${p.item}: ${p.problem}`)).toEqual(['database variable backup_retention_days: allows 7-35 (its validation) but its description does not say so']);
  });

  describe('the HCL snippets of the docs call the modules as they are (README "From Terraform (HCL)")', () => {
    it('find the calls of the README', () => {
      const readme = hclBlocks().filter((b) => b.file === 'README.md').flatMap((b) => hclModuleCalls(b.text));
      expect(readme.map((c) => c.module)).toEqual(expect.arrayContaining(['network', 'edge', 'database', 'compute']));
      expect(readme.find((c) => c.label === 'edge')?.args).toContain('app_subnet_ids');
    });

    it('set only variables the module has, every required one unless the block says "# ...", and read only outputs it has', () => {
      expect(hclSnippetProblems(hclBlocks(), modules)).toEqual([]);
    });

    it('refuse an argument the module does not have, a missing required variable and an output that does not exist', () => {
      const snippet = [
        'module "net" {',
        '  source = "./terraform-modules/network"',
        '  name   = "x" # a comment = not an argument',
        '  tags   = {',
        '    cidr = "not an argument either"',
        '  }',
        '}',
        'module "edge" {',
        '  source            = "./terraform-modules/edge"',
        '  # name, account_id, region ...',
        '  public_subnet_ids = module.net.public_subnet_ids',
        '  vpc_id            = module.net.vpc_idd',
        '}',
        'module "other" {',
        '  source = "./terraform-modules/nope"',
        '}',
      ].join('\n');
      const problems = hclSnippetProblems([{ file: 'X.md', line: 3, lang: 'hcl', flags: [], text: snippet }], modules);
      expect(problems).toEqual(expect.arrayContaining([
        'X.md:3 module "edge": edge has no variable public_subnet_ids',
        'X.md:3 module "edge": module.net.vpc_idd: network has no output vpc_idd',
        expect.stringMatching(/^X\.md:3 module "other": no published module nope/),
        'X.md:3 module "net": required variable cidr of network is not set (or say "# ..." that inputs are left out)',
      ]));
      // The elided edge block is not asked for its required variables; a comment or a nested key is no argument.
      expect(problems.filter((p) => p.includes('module "edge": required'))).toEqual([]);
      expect(problems.filter((p) => /no variable (a|cidr)\b/.test(p))).toEqual([]);
      expect(hclModuleCalls(snippet)[0].args).toEqual(['name', 'tags']);
    });
  });

  /** Problems come module by module in MODULE_SPECS order. */
  function order(problem: string): number {
    return MODULE_SPECS.findIndex((s) => s.name === problem.split(' ')[0]);
  }
});
