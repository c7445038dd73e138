/**
 * What build:modules ships next to each module (modules/core/module-tests.ts): generated expect_failures cases (one
 * per validation, none missing), the handwritten plan and apply tests, the examples and the README section. Terraform
 * runs them in __tests__/modules/terraform-test.tf.test.ts; this checks what is written, without Terraform.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ComputeProps } from '../../modules/compute/props';
import { computeModule } from '../../modules/compute/terraform-module';
import {
  cleanupFixture,
  exampleRoot,
  GENERATED_TEST_FILES,
  conditionVariables,
  handwrittenTestFiles,
  handwrittenTestsDir,
  hclValue,
  packableVariables,
  requiredInputs,
  validationCases,
  validationRuns,
  validationsTestFile,
  validationsWithoutCase,
} from '../../modules/core/module-tests';
import { TerraformModuleSpec } from '../../modules/core/terraform-module';
import { MODULE_SPECS, publishModule } from '../../scripts/build-modules';
import { tmpOutdir } from '../support/synth';

const sample = (over: Partial<TerraformModuleSpec> = {}): TerraformModuleSpec => ({
  name: 'sample',
  description: 'A sample.',
  variables: [
    { name: 'name', type: 'string', description: 'n', validation: [{ condition: 'length(var.name) > 1', errorMessage: 'short', invalid: 'a' }] },
    { name: 'size', type: 'number', description: 's', default: 2, validation: [{ condition: 'var.size > 0', errorMessage: 'size', invalid: 0 }, { condition: 'var.size < var.cap', errorMessage: 'cap', invalid: 9, invalidWith: { cap: 5 } }] },
    { name: 'cap', type: 'number', description: 'c', default: 10 },
  ],
  testInputs: { name: 'abc' },
  build: () => [],
  ...over,
});

describe('published module tests and examples (build:modules)', () => {
  const outdir = tmpOutdir('helloapi-module-tests-');
  const published = MODULE_SPECS.map((spec) => publishModule(spec, outdir));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('has an invalid sample for every validation of every module', () => {
    expect(MODULE_SPECS.flatMap(validationsWithoutCase)).toEqual([]);
  });

  it('asserts every validation in an expect_failures run on its variable, each listed variable given its sample', () => {
    for (const { name, dir } of published) {
      const spec = MODULE_SPECS.find((s) => s.name === name)!;
      const text = fs.readFileSync(path.join(dir, 'tests', GENERATED_TEST_FILES.validations), 'utf8');
      const runs = [...text.matchAll(/^run "([a-z0-9_]+)" \{[\s\S]*?\n {2}variables \{\n([\s\S]*?)\n {2}\}\n\n {2}expect_failures = \[([^\]]+)\]\n\}/gm)].map((m) => ({
        run: m[1],
        set: [...m[2].matchAll(/^ {4}([a-z0-9_]+) +=/gm)].map((x) => x[1]),
        listed: m[3].split(', ').map((x) => x.replace(/^var\./, '')),
      }));
      const validations = spec.variables.flatMap((v) => (v.validation ?? []).map(() => v.name)).sort();
      expect({ module: name, variables: runs.flatMap((r) => r.listed).sort() }).toEqual({ module: name, variables: validations });
      expect(new Set(runs.map((r) => r.run)).size).toBe(runs.length);
      for (const r of runs) expect({ module: name, run: r.run, unset: r.listed.filter((v) => !r.set.includes(v)) }).toEqual({ module: name, run: r.run, unset: [] });
      for (const r of runs) expect({ module: name, run: r.run, twice: r.listed.filter((v, i) => r.listed.indexOf(v) !== i) }).toEqual({ module: name, run: r.run, twice: [] });
    }
  });

  it('packs into one run only validations that read nothing but their own variable (decided from the spec)', () => {
    let packed = 0;
    for (const { name, dir } of published) {
      const spec = MODULE_SPECS.find((s) => s.name === name)!;
      const text = fs.readFileSync(path.join(dir, 'tests', GENERATED_TEST_FILES.validations), 'utf8');
      for (const m of text.matchAll(/expect_failures = \[([^\]]+)\]/g)) {
        const listed = m[1].split(', ').map((x) => x.replace(/^var\./, ''));
        if (listed.length < 2) continue;
        packed += listed.length;
        for (const v of listed) {
          const conditions = spec.variables.find((x) => x.name === v)!.validation!.map((val) => conditionVariables(val.condition));
          const readers = spec.variables.filter((x) => x.name !== v && (x.validation ?? []).some((val) => conditionVariables(val.condition).includes(v))).map((x) => x.name);
          expect({ module: name, v, conditions, readers }).toEqual({ module: name, v, conditions: conditions.map(() => [v]), readers: [] });
        }
      }
    }
    expect(packed).toBeGreaterThan(50);
    // The edge module's second name validation reads account_id and region: all three run alone.
    const edge = validationRuns(MODULE_SPECS.find((s) => s.name === 'edge')!);
    expect(edge.filter((r) => r.cases.some((c) => ['name', 'account_id', 'region'].includes(c.variable))).map((r) => r.cases.length)).toEqual([1, 1, 1, 1]);
  });

  it('keeps a validation alone when it reads another variable, needs another value, or its variable is read by another', () => {
    const spec = sample({
      variables: [
        ...sample().variables,
        { name: 'tier', type: 'string', description: 't', default: 'a', validation: [{ condition: 'contains(["a", "b"], var.tier)', errorMessage: 't', invalid: 'c' }, { condition: 'length(var.tier) == 1', errorMessage: 'l', invalid: 'aa' }] },
        { name: 'zone', type: 'string', description: 'z', default: 'z1', validation: [{ condition: 'startswith(var.zone, "z")', errorMessage: 'z', invalid: 'x1' }] },
        { name: 'label', type: 'string', description: 'l', default: 'x', validation: [{ condition: 'startswith("${var.label}", var.zone)', errorMessage: 'l', invalid: 'y' }] },
        { name: 'extra', type: 'number', description: 'e', default: 1, validation: [{ condition: 'var.extra > 0', errorMessage: 'e', invalid: 0, invalidWith: { tier: 'b' } }] },
      ],
    });
    expect([...packableVariables(spec)].sort()).toEqual(['name', 'tier']);
    expect(validationRuns(spec).map((r) => [r.run, r.cases.map((c) => `${c.variable}#${c.index}`)])).toEqual([
      ['invalid_round_1', ['name#1', 'tier#1']],
      ['invalid_round_2', ['tier#2']],
      ['invalid_size_1', ['size#1']],
      ['invalid_size_2', ['size#2']],
      ['invalid_zone', ['zone#1']],
      ['invalid_label', ['label#1']],
      ['invalid_extra', ['extra#1']],
    ]);
    expect(validationsTestFile(spec)).toContain('run "invalid_round_1" {\n  command = plan\n\n  variables {\n    name = "a"\n    tier = "c"\n  }\n\n  expect_failures = [var.name, var.tier]\n}');
    expect(conditionVariables('length("${var.name}-${var.account_id}") <= 63 && var.name != ""')).toEqual(['account_id', 'name']);
  });

  it('refuses a validation without an invalid sample, naming every one', () => {
    const spec = sample({ variables: [{ name: 'a', type: 'string', description: 'a', validation: [{ condition: 'var.a != ""', errorMessage: 'a' }, { condition: 'var.a != "x"', errorMessage: 'x', invalid: 'x' }] }, { name: 'b', type: 'number', description: 'b', default: 1, validation: [{ condition: 'var.b > 0', errorMessage: 'b' }] }], testInputs: { a: 'y' } });
    expect(() => validationCases(spec)).toThrow(/missing:\n {2}sample variable a validation 1 \(var\.a != ""\)\n {2}sample variable b validation 1 \(var\.b > 0\)$/);
  });

  it('writes each case with the values it needs and the required inputs once for the file', () => {
    const text = validationsTestFile(sample());
    expect(text).toContain('variables {\n  name = "abc"\n}');
    expect(text).toContain('run "invalid_round_1" {\n  command = plan\n\n  variables {\n    name = "a"\n  }\n\n  expect_failures = [var.name]\n}');
    expect(text).toContain('run "invalid_size_2" {\n  command = plan\n\n  variables {\n    cap  = 5\n    size = 9\n  }\n\n  expect_failures = [var.size]\n}');
    expect(validationCases(sample()).map((c) => c.run)).toEqual(['invalid_name', 'invalid_size_1', 'invalid_size_2']);
  });

  it('refuses test inputs that miss a required variable or name an unknown one', () => {
    expect(() => requiredInputs(sample({ testInputs: {} }))).toThrow(/testInputs miss the required variables name/);
    expect(() => requiredInputs(sample({ testInputs: { name: 'abc', nope: 1 } }))).toThrow(/set variables the module does not have: nope/);
    expect(() => requiredInputs(sample({ testInputs: undefined }))).toThrow(/no testInputs/);
  });

  it('writes HCL values, escaping template sequences', () => {
    expect(hclValue({ a: ['x', 1, true, null], 'b-c': { d: '${x} %{y}' } })).toBe('{\n  a = ["x", 1, true, null]\n  b-c = {\n    d = "$${x} %%{y}"\n  }\n}');
  });

  it('ships the handwritten plan and apply tests of every module, every test file mocking the AWS provider', () => {
    for (const { name, dir } of published) {
      const files = fs.readdirSync(path.join(dir, 'tests')).filter((f) => f.endsWith('.tftest.hcl')).sort();
      expect({ name, files }).toEqual({ name, files: ['defaults.tftest.hcl', 'examples.tftest.hcl', 'validations.tftest.hcl', 'wiring.tftest.hcl'] });
      for (const f of files) {
        const text = fs.readFileSync(path.join(dir, 'tests', f), 'utf8');
        // The shared provider of the test run serves schemas only: a real provider block would configure it.
        expect({ name, f, mocked: /^mock_provider "aws" /m.test(text), realProvider: /^provider "aws"/m.test(text) }).toEqual({ name, f, mocked: true, realProvider: false });
      }
      expect(fs.readFileSync(path.join(dir, 'tests', 'defaults.tftest.hcl'), 'utf8')).toMatch(/command = plan[\s\S]*assert \{/);
    }
  });

  it('ends every apply run with the cleanup fixture on the same state (prevent_destroy before Terraform 1.14)', () => {
    for (const name of MODULE_SPECS.map((s) => s.name)) {
      const text = handwrittenTestFiles(name).tests.get('wiring.tftest.hcl')!;
      const runs = text.split(/^run "/m).slice(1).map((r) => ({ apply: !/command = plan/.test(r), cleanup: /source = "\.\/tests\/cleanup"/.test(r), key: /state_key = "([^"]+)"/.exec(r)?.[1] }));
      const applies = runs.filter((r) => r.apply && !r.cleanup);
      expect({ name, applies: applies.length > 0 }).toEqual({ name, applies: true });
      for (const a of applies) expect({ name, key: a.key, cleaned: runs.some((r) => r.cleanup && r.key === a.key) }).toEqual({ name, key: a.key, cleaned: true });
    }
  });

  it("keeps each module's handwritten tests in the folder of the layer that builds it", () => {
    const layers = Object.fromEntries(MODULE_SPECS.map((s) => [s.name, path.relative(path.resolve(__dirname, '../..'), handwrittenTestsDir(s.name))]));
    expect(layers).toMatchObject({ network: 'modules/network/terraform-tests/network', 'network-2az': 'modules/network/terraform-tests/network-2az', 'edge-regional': 'modules/edge/terraform-tests/edge-regional', state: 'modules/state/terraform-tests/state' });
    expect(fs.existsSync(path.resolve(__dirname, '../../module-tests'))).toBe(false);
    expect(() => handwrittenTestsDir('no-such-module')).toThrow(/module no-such-module: no folders modules\/<layer>\/terraform-tests\/no-such-module\//);
  });

  it('builds the network and network-2az tests from one shared source, differing only in the zones', () => {
    const network = handwrittenTestFiles('network');
    const twoAz = handwrittenTestFiles('network-2az');
    // Neither module folder has a test file of its own: only the values of the layer's shared ones.
    for (const m of ['network', 'network-2az']) expect(fs.readdirSync(handwrittenTestsDir(m))).toEqual(['values.json']);
    expect([...network.tests.keys()]).toEqual(['defaults.tftest.hcl', 'wiring.tftest.hcl']);
    expect([...twoAz.tests.keys()]).toEqual([...network.tests.keys()]);
    for (const [f, text] of network.tests) {
      expect(text).not.toContain('{{');
      // The two differ only in the zone list, the subnet bits, the last zone and the zone count.
      const differing = text.split('\n').map((line, i) => [line, twoAz.tests.get(f)!.split('\n')[i]]).filter(([a, b]) => a !== b);
      expect(differing.length).toBeGreaterThan(0);
      for (const [a, b] of differing) expect(a.replace(/"eu-west-1a", "eu-west-1b", "eu-west-1c"|16", 4|_c\b|1c"|== 3$/g, '#')).toBe(b.replace(/"eu-west-1a", "eu-west-1b"|16", 3|_b\b|1b"|== 2$/g, '#'));
    }
    expect(network.tests.get('defaults.tftest.hcl')).toContain('availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]');
    expect(twoAz.tests.get('defaults.tftest.hcl')).toContain('cidrsubnet("10.20.0.0/16", 3, 0) && aws_subnet.network_data_b.availability_zone == "eu-west-1b"');
  });

  it('gives edge and edge-regional the one shared mock file; edge adds its CloudFront mocks in a file of its own', () => {
    const shared = fs.readFileSync(path.resolve(__dirname, '../../modules/edge/terraform-tests/_shared/mocks/aws.tfmock.hcl'), 'utf8');
    expect([...handwrittenTestFiles('edge-regional').mocks]).toEqual([['aws.tfmock.hcl', shared]]);
    const edge = handwrittenTestFiles('edge').mocks;
    expect([...edge.keys()]).toEqual(['aws.tfmock.hcl', 'cloudfront.tfmock.hcl']);
    expect(edge.get('aws.tfmock.hcl')).toBe(shared);
    expect(edge.get('cloudfront.tfmock.hcl')).toMatch(/mock_resource "aws_cloudfront_distribution"/);
    expect(shared).not.toMatch(/aws_cloudfront/);
    // Emitted: both files in edge's tests/mocks, read by every mock_provider block of its tests.
    const dir = published.find((p) => p.name === 'edge')!.dir;
    expect(fs.readdirSync(path.join(dir, 'tests', 'mocks')).sort()).toEqual(['aws.tfmock.hcl', 'cloudfront.tfmock.hcl']);
    expect(fs.readFileSync(path.join(dir, 'tests', 'wiring.tftest.hcl'), 'utf8')).toContain('source = "./tests/mocks"');
  });

  it('fills shared files per module, refusing a missing value, an unused value and a module file hiding a shared one, all at once', () => {
    const layer = path.join(tmpOutdir('helloapi-shared-tests-'), 'terraform-tests');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(layer, rel)), { recursive: true });
      fs.writeFileSync(path.join(layer, rel), text);
    };
    write('_shared/defaults.tftest.hcl', 'variables {\n  zones = {{zones}}\n  name  = "x-{{suffix}}"\n}\n');
    write('_shared/mocks/aws.tfmock.hcl', 'mock_resource "aws_s3_bucket" {}\n');
    write('good/values.json', JSON.stringify({ zones: ['a', 'b'], suffix: 'one' }));
    write('good/wiring.tftest.hcl', 'run "w" {}\n');
    const good = handwrittenTestFiles('good', path.join(layer, 'good'));
    expect([...good.tests]).toEqual([['defaults.tftest.hcl', 'variables {\n  zones = ["a", "b"]\n  name  = "x-one"\n}\n'], ['wiring.tftest.hcl', 'run "w" {}\n']]);
    expect([...good.mocks.keys()]).toEqual(['aws.tfmock.hcl']);
    write('bad/values.json', JSON.stringify({ zones: ['a'], stale: 1 }));
    write('bad/mocks/aws.tfmock.hcl', '');
    expect(() => handwrittenTestFiles('bad', path.join(layer, 'bad'))).toThrow(
      /^module bad: handwritten tests in .*bad:\n {2}_shared\/defaults\.tftest\.hcl uses \{\{suffix\}\}, which values\.json does not set\n {2}mocks\/aws\.tfmock\.hcl is both the module's and shared \(_shared\/mocks\/aws\.tfmock\.hcl\): rename one\n {2}values\.json sets stale, which no file in _shared\/ uses$/,
    );
    fs.rmSync(path.dirname(layer), { recursive: true, force: true });
  });

  it('forgets every resource of the module in the cleanup fixture', () => {
    const edge = published.find((p) => p.name === 'edge')!;
    const fixture = cleanupFixture(MODULE_SPECS.find((s) => s.name === 'edge')!, edge.json);
    const resources = Object.entries(edge.json.resource as Record<string, object>).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`));
    expect([...fixture.matchAll(/from = (\S+)/g)].map((m) => m[1])).toEqual(resources);
    expect(fixture).toContain('configuration_aliases = [aws.us_east_1]');
  });

  it('writes minimal and complete examples: required inputs only, then every input', () => {
    const spec = sample();
    const minimal = exampleRoot(spec, 'minimal', []);
    const complete = exampleRoot(spec, 'complete', ['out']);
    expect(minimal).toMatch(/module "sample" \{\n {2}source = "\.\.\/\.\."\n\n {2}name = "abc"\n\}/);
    expect(complete).toMatch(/ {2}name = "abc"\n {2}size = 2\n {2}cap {2}= 10\n\}\n\noutput "out" \{\n {2}value = module\.sample\.out\n\}/);
    expect(minimal).not.toMatch(/backend "/);
    for (const { name, dir } of published) {
      const spec2 = MODULE_SPECS.find((s) => s.name === name)!;
      const text = fs.readFileSync(path.join(dir, 'examples', 'complete', 'main.tf'), 'utf8');
      expect({ name, unset: spec2.variables.filter((v) => !new RegExp(`^ {2}${v.name} +=`, 'm').test(text)).map((v) => v.name) }).toEqual({ name, unset: [] });
    }
    const edge = fs.readFileSync(path.join(published.find((p) => p.name === 'edge')!.dir, 'examples', 'minimal', 'main.tf'), 'utf8');
    expect(edge).toContain('alias  = "us_east_1"\n  region = "us-east-1"');
    expect(edge).toContain('aws.us_east_1 = aws.us_east_1');
  });

  it("mentions the tests and examples in every module's README", () => {
    for (const { name, dir } of published) {
      const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
      const spec = MODULE_SPECS.find((s) => s.name === name)!;
      expect(readme).toContain('`terraform init -backend=false && terraform test`');
      expect(readme).toContain(`each of the module's ${validationCases(spec).length} variable validations`);
      for (const f of ['defaults', 'wiring', 'validations', 'examples']) expect(readme).toMatch(new RegExp(`- \`tests/${f}\\.tftest\\.hcl\`: \\S`));
      expect(readme).toContain('[`examples/minimal`](examples/minimal)');
    }
  });

  it('keeps the compute module\'s database inputs required, as the Compute construct requires `database`', () => {
    // ComputeProps.database is not optional: the layer cannot stand alone without a database (the task
    // definition's DB_* environment and secrets, the execution role's KMS grant read it).
    const required: undefined extends ComputeProps['database'] ? false : true = true;
    expect(required).toBe(true);
    expect(computeModule.variables.filter((v) => v.name.startsWith('database_') && v.default !== undefined).map((v) => v.name)).toEqual([]);
  });
});
