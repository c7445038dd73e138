/**
 * The native Terraform tests every published module ships (issue 19): `npm run build:modules` into a temporary
 * folder, then `terraform init` + `terraform test` in every module folder, offline, exactly as a consumer runs them
 * from the module (or its release archive). A failing run fails here with the module, the file and the run names.
 * Plus one real offline plan of a generated example (its provider blocks, which the mocked runs replace).
 *
 * Cost: every test file mocks the AWS provider, so no run configures a provider: they share one AWS provider process
 * for its schema (TF_REATTACH_PROVIDERS; the run's shared one from jest.global-setup.js, or one started here), and
 * two modules run at a time (2 CPUs). Never skipped: a missing Terraform or mirror fails the suite.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MODULE_SPECS, publishModule } from '../../scripts/build-modules';
import { GENERATED_TEST_FILES, MOCKS_DIR, ModuleTestCounts, validationCases, validationRuns, validationsTestFile } from '../../modules/core/module-tests';
import type { TerraformModuleSpec } from '../../modules/core/terraform-module';
import { findProviderMirror, offlineEnv, REATTACH_FAILED, run, RunResult, SCHEMA_SERVER_ENV, SchemaServer, startSchemaServer, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';

interface ModuleResult {
  readonly module: string;
  readonly counts: ModuleTestCounts;
  readonly init: RunResult;
  readonly test: RunResult;
  /** True when the shared provider was gone and the module ran with its own. */
  readonly ownProvider: boolean;
}

/** `<file>: run "<name>"` for every run Terraform reports failed, and every file that failed as a whole (e.g. teardown). */
function failedRuns(output: string): string[] {
  const failed: string[] = [];
  let file = '';
  for (const line of output.split('\n')) {
    const f = /^(tests\/\S+\.tftest\.hcl)\.\.\. (in progress|tearing down|fail|pass)/.exec(line);
    if (f) {
      file = f[1];
      if (f[2] === 'fail' && !failed.some((x) => x.startsWith(`${file}:`))) failed.push(`${file}: teardown or file-level error`);
    }
    const r = /^\s+run "([^"]+)"\.\.\. fail/.exec(line);
    if (r) failed.push(`${file}: run "${r[1]}"`);
  }
  return failed;
}

/**
 * The spec with the first packed case's invalid sample replaced by a valid value (the test input, else the default):
 * its packed run must now fail, naming that variable, while the run's other samples still trip theirs.
 */
function withOneValidSample(spec: TerraformModuleSpec): { spec: TerraformModuleSpec; variable: string } {
  const packed = validationRuns(spec).find((r) => r.cases.length > 1)!.cases[0];
  const v = spec.variables.find((x) => x.name === packed.variable)!;
  const valid = packed.variable in (spec.testInputs ?? {}) ? spec.testInputs![packed.variable] : v.default;
  const validation = v.validation!.map((val, i) => (i === packed.index - 1 ? { ...val, invalid: valid } : val));
  return { spec: { ...spec, variables: spec.variables.map((x) => (x === v ? { ...v, validation } : x)) }, variable: v.name };
}

/**
 * CPU seconds of each module's `terraform test` (Terraform's own CPU; the shared provider adds ~1 per module), measured
 * in session 8 (bench/README.md): edge plans two WAF web ACLs and a CloudFront distribution in every run. The pool
 * starts the costliest first, so that the two lanes end together instead of edge starting sixth and running alone
 * at the end; a module missing here goes after the listed ones, in MODULE_SPECS order. Only the order changes.
 */
const MODULE_TEST_CPU_SECONDS: Readonly<Record<string, number>> = { edge: 39, 'edge-regional': 19, network: 4, 'network-2az': 4, compute: 4, monitoring: 3, database: 3, 'account-baseline': 3, state: 2 };

/** `items` costliest first by {@link MODULE_TEST_CPU_SECONDS} (stable: equal costs keep their order). */
function costliestFirst<T extends { name: string }>(items: readonly T[]): T[] {
  const cost = (x: T) => MODULE_TEST_CPU_SECONDS[x.name] ?? 0;
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => cost(b.x) - cost(a.x) || a.i - b.i)
    .map(({ x }) => x);
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe('terraform test of every published module (offline, mocked AWS provider)', () => {
  const dir = tmpOutdir('helloapi-tftest-');
  const modulesDir = path.join(dir, 'modules');
  let results: ModuleResult[] = [];
  let examplePlan: RunResult;
  let fmt: RunResult;
  let proof: { variable: string; result: RunResult };
  let ownServer: SchemaServer | undefined;

  beforeAll(async () => {
    const bin = terraformBinary().bin;
    const cliConfig = path.join(dir, 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    const env = offlineEnv(cliConfig);
    delete env[SCHEMA_SERVER_ENV];
    let reattach = process.env[SCHEMA_SERVER_ENV];
    if (!reattach?.startsWith('{')) {
      ownServer = await startSchemaServer(findProviderMirror());
      reattach = ownServer.reattach;
    }
    const published = MODULE_SPECS.map((spec) => publishModule(spec, modulesDir));
    fmt = await run(bin, ['fmt', '-check', '-recursive', '-no-color', modulesDir], dir, env);
    const testModule = async ({ name, dir: moduleDir, counts }: (typeof published)[number]): Promise<ModuleResult> => {
      // init installs from the mirror (a symlink): the module also runs without the shared provider.
      const init = await run(bin, ['init', '-backend=false', '-input=false', '-no-color'], moduleDir, env);
      if (!init.ok) return { module: name, counts, init, test: init, ownProvider: false };
      const shared = await run(bin, ['test', '-no-color'], moduleDir, { ...env, TF_REATTACH_PROVIDERS: reattach });
      if (shared.ok || !REATTACH_FAILED.test(shared.stderr + shared.stdout)) return { module: name, counts, init, test: shared, ownProvider: false };
      return { module: name, counts, init, test: await run(bin, ['test', '-no-color'], moduleDir, env), ownProvider: true };
    };
    const byName = new Map((await pool(costliestFirst(published), 2, testModule)).map((r) => [r.module, r]));
    results = published.map((p) => byName.get(p.name)!);
    // Packed validation runs still assert every case: the state module (one plan, reusing its init) with one packed
    // sample made valid must fail, naming that variable.
    const state = published.find((p) => p.name === 'state')!;
    const broken = withOneValidSample(MODULE_SPECS.find((s) => s.name === 'state')!);
    const mocks = fs.existsSync(path.join(state.dir, MOCKS_DIR));
    fs.writeFileSync(path.join(state.dir, 'tests', `broken-${GENERATED_TEST_FILES.validations}`), validationsTestFile(broken.spec, mocks, state.json));
    proof = { variable: broken.variable, result: await run(bin, ['test', '-no-color', `-filter=tests/broken-${GENERATED_TEST_FILES.validations}`], state.dir, { ...env, TF_REATTACH_PROVIDERS: reattach }) };
    // One real offline plan of a generated example: its provider blocks (replaced by the mocks in terraform test).
    const example = path.join(modulesDir, 'state', 'examples', 'minimal');
    const exampleInit = await run(bin, ['init', '-backend=false', '-input=false', '-no-color'], example, env);
    examplePlan = exampleInit.ok ? await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', '-var', 'offline=true'], example, env) : exampleInit;
    const table = results.map((r) => `  ${r.module.padEnd(17)} ${String(r.counts.testFiles).padStart(2)} files ${String(r.counts.runBlocks).padStart(3)} runs ${String(r.counts.expectFailures).padStart(3)} expect_failures (${String(r.counts.expectFailureRuns).padStart(2)} runs) ${r.test.ok ? 'pass' : 'FAIL'}`);
    const total = (k: keyof Omit<ModuleTestCounts, 'module'>) => results.reduce((n, r) => n + r.counts[k], 0);
    process.stdout.write(`\nterraform test per module:\n${table.join('\n')}\n  total: ${total('testFiles')} files, ${total('runBlocks')} runs, ${total('expectFailures')} expect_failures\n`);
  });

  afterAll(async () => {
    await ownServer?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs terraform test in every published module', () => {
    expect(results.map((r) => r.module)).toEqual(MODULE_SPECS.map((s) => s.name));
  });

  it('starts the costliest modules first and has a measured cost for every module (the order only)', () => {
    expect(Object.keys(MODULE_TEST_CPU_SECONDS).sort()).toEqual(MODULE_SPECS.map((s) => s.name).sort());
    const order = costliestFirst(MODULE_SPECS).map((s) => s.name);
    expect(order.slice(0, 2)).toEqual(['edge', 'edge-regional']);
    expect([...order].sort()).toEqual(MODULE_SPECS.map((s) => s.name).sort());
    expect(costliestFirst([{ name: 'x' }, { name: 'state' }, { name: 'y' }]).map((s) => s.name)).toEqual(['state', 'x', 'y']);
  });

  it('passes every run of every module', () => {
    const failures = results
      .filter((r) => !r.test.ok)
      .map((r) => ({ module: r.module, failed: failedRuns(r.test.stdout), output: (r.init.ok ? r.test.stdout + r.test.stderr : `terraform init failed: ${r.init.stderr}`).slice(-3000) }));
    expect(failures).toEqual([]);
  });

  it('ran every run block each module declares (none skipped)', () => {
    const summaries = results.map((r) => ({ module: r.module, summary: /(Success|Failure)! (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(r.test.stdout)?.slice(2, 4).map(Number) }));
    expect(summaries).toEqual(results.map((r) => ({ module: r.module, summary: [r.counts.runBlocks, 0] })));
  });

  it('has one expect_failures case per variable validation in every module, and the module tests count them', () => {
    for (const r of results) {
      const spec = MODULE_SPECS.find((s) => s.name === r.module)!;
      const validations = spec.variables.reduce((n, v) => n + (v.validation ?? []).length, 0);
      expect({ module: r.module, cases: validationCases(spec).length }).toEqual({ module: r.module, cases: validations });
      expect(r.counts.expectFailures).toBeGreaterThanOrEqual(validations);
    }
  });

  it('fails a packed validation run when one of its samples no longer trips its validation, naming that variable', () => {
    expect(proof.result.ok).toBe(false);
    const out = proof.result.stdout + proof.result.stderr;
    expect(out).toContain('Error: Missing expected failure');
    expect(out).toMatch(new RegExp(`The checkable object, var\\.${proof.variable}, was expected to report an error but did\\s+not\\.`));
    expect(out.match(/The checkable object, (\S+), was expected/g)).toHaveLength(1);
  });

  it('writes every test, mock and example file as terraform fmt would', () => {
    expect({ unformatted: fmt.stdout.trim().split('\n').filter(Boolean), stderr: fmt.stderr }).toEqual({ unformatted: [], stderr: '' });
    expect(fmt.ok).toBe(true);
  });

  it('plans a generated example offline with its own provider blocks (no credentials)', () => {
    expect(examplePlan.stderr).toBe('');
    expect(examplePlan.ok).toBe(true);
    expect(examplePlan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
  });
});
