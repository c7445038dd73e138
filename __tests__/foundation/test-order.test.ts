/**
 * The suite order (jest.sequencer.js): Terraform suites before unit suites, longest first, so a
 * fresh clone (no timing cache, as in CI) does not start the suite that plans every stack last.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongestFirstSequencer = require('../../jest.sequencer.js') as { new (): { sort(tests: FakeTest[]): FakeTest[] }; MEASURED_SECONDS: Record<string, number>; UNIT_MEASURED_SECONDS: Record<string, number>; JOINT_PLAN_FILES: Set<string> };

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { rootDir: string; cache: boolean }; hasteFS: { getSize(p: string): number } };
}

const root = path.resolve(__dirname, '..', '..');

/** Tests as Jest hands them over on a fresh clone: no timing cache, sizes from the file system. */
function fresh(relativePaths: string[], sizes: Record<string, number> = {}): FakeTest[] {
  const context = { config: { rootDir: root, cache: false }, hasteFS: { getSize: (p: string) => sizes[path.relative(root, p)] ?? 100 } };
  return relativePaths.map((p) => ({ path: path.join(root, p), context }));
}

const order = (tests: FakeTest[]) => new LongestFirstSequencer().sort(tests).map((t) => path.relative(root, t.path));

describe('test order', () => {
  it('runs the suite that plans every stack first even when it is the smallest file', () => {
    const tests = fresh(
      ['__tests__/policy/rules.test.ts', '__tests__/compute/compute.tf.test.ts', '__tests__/foundation/offline-plan.tf.test.ts', '__tests__/modules/hcl-modules.tf.test.ts'],
      { '__tests__/policy/rules.test.ts': 90_000, '__tests__/compute/compute.tf.test.ts': 5_000, '__tests__/foundation/offline-plan.tf.test.ts': 2_000, '__tests__/modules/hcl-modules.tf.test.ts': 9_000 },
    );
    expect(order(tests)).toEqual([
      '__tests__/foundation/offline-plan.tf.test.ts',
      '__tests__/modules/hcl-modules.tf.test.ts',
      '__tests__/compute/compute.tf.test.ts',
      '__tests__/policy/rules.test.ts',
    ]);
  });

  it('starts the apply tier suites before everything else (they take minutes, mostly waiting on the provider)', () => {
    const tests = fresh(['__tests__/a.test.ts', '__tests__/apply/shims.apply.test.ts', '__tests__/foundation/offline-plan.tf.test.ts', '__tests__/apply/runbook.apply.test.ts'], {
      '__tests__/apply/shims.apply.test.ts': 10,
      '__tests__/apply/runbook.apply.test.ts': 20,
    });
    const sorted = order(tests);
    expect(sorted.slice(0, 2).sort()).toEqual(['__tests__/apply/runbook.apply.test.ts', '__tests__/apply/shims.apply.test.ts']);
    expect(sorted.slice(2)).toEqual(['__tests__/foundation/offline-plan.tf.test.ts', '__tests__/a.test.ts']);
  });

  it('puts every Terraform suite before every unit suite, larger files first within a group', () => {
    const tests = fresh(['__tests__/a.test.ts', '__tests__/b.tf.test.ts', '__tests__/c.test.ts', '__tests__/d.tf.test.ts'], {
      '__tests__/a.test.ts': 10,
      '__tests__/b.tf.test.ts': 1,
      '__tests__/c.test.ts': 20,
      '__tests__/d.tf.test.ts': 2,
    });
    expect(order(tests)).toEqual(['__tests__/d.tf.test.ts', '__tests__/b.tf.test.ts', '__tests__/c.test.ts', '__tests__/a.test.ts']);
  });

  it('prefers Jest timing cache over the measured table when it has one', () => {
    const tests = fresh(['__tests__/foundation/offline-plan.tf.test.ts', '__tests__/review/digest.tf.test.ts']);
    // Simulate a cache: the base sequencer sets duration from it, so give digest a long one.
    const seq = new LongestFirstSequencer() as unknown as { time(t: FakeTest): number | undefined; sort(t: FakeTest[]): FakeTest[] };
    seq.time = (t) => (t.path.endsWith('digest.tf.test.ts') ? 500_000 : 1_000);
    expect(seq.sort(tests).map((t) => path.basename(t.path))).toEqual(['digest.tf.test.ts', 'offline-plan.tf.test.ts']);
  });

  it('one file computes the joint fixture plan early; the files that only read it run after every other Terraform suite', () => {
    const tfFiles = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tfFiles(path.join(dir, e.name)) : e.name.endsWith('.tf.test.ts') ? [path.join(dir, e.name)] : []));
    const all = tfFiles(path.join(root, '__tests__')).map((f) => path.relative(root, f));
    const joint = all.filter((f) => /\b(layerFixturePlan|jointFixturePlan)\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(joint.length).toBeGreaterThanOrEqual(8);
    const sorted = order(fresh([...all, '__tests__/a.test.ts']));
    const [computing, ...readers] = sorted.filter((f) => joint.includes(f));
    expect(computing).toBe('__tests__/compute/compute.tf.test.ts');
    const others = sorted.filter((f) => f.endsWith('.tf.test.ts') && !joint.includes(f));
    expect(Math.max(...others.map((f) => sorted.indexOf(f)))).toBeLessThan(Math.min(...readers.map((f) => sorted.indexOf(f))));
    expect(sorted.indexOf(computing)).toBeLessThan(sorted.indexOf('__tests__/compute/secret-gate.tf.test.ts'));
    expect([...LongestFirstSequencer.JOINT_PLAN_FILES].sort()).toEqual([...joint].sort());
    // With a timing cache in which readers waited long for the plan, the readers still go last.
    const seq = new LongestFirstSequencer() as unknown as { time(t: FakeTest): number | undefined; sort(t: FakeTest[]): FakeTest[] };
    seq.time = (t) => (t.path.endsWith('edge.tf.test.ts') || t.path.endsWith('monitoring.tf.test.ts') ? 150_000 : 20_000);
    const cached = seq.sort(fresh(all)).map((t) => path.relative(root, t.path));
    expect(cached[0]).not.toMatch(/edge\.tf|monitoring\.tf/);
    expect(cached.slice(-7).sort()).toEqual(readers.sort());
  });

  it('starts the longest unit files first among the unit files on a fresh clone, whatever their size', () => {
    const tests = fresh(['__tests__/a.test.ts', '__tests__/foundation/cli.test.ts', '__tests__/foundation/cdktf-cli.test.ts', '__tests__/b.tf.test.ts'], {
      '__tests__/a.test.ts': 90_000,
      '__tests__/foundation/cli.test.ts': 10,
      '__tests__/foundation/cdktf-cli.test.ts': 20,
    });
    expect(order(tests)).toEqual(['__tests__/b.tf.test.ts', '__tests__/foundation/cdktf-cli.test.ts', '__tests__/foundation/cli.test.ts', '__tests__/a.test.ts']);
    for (const file of Object.keys(LongestFirstSequencer.UNIT_MEASURED_SECONDS)) {
      expect({ file, exists: fs.existsSync(path.join(root, file)) && !/\.(tf|apply)\.test\.ts$/.test(file) }).toEqual({ file, exists: true });
    }
  });

  it('names only Terraform suites that exist in the measured table', () => {
    for (const file of Object.keys(LongestFirstSequencer.MEASURED_SECONDS)) {
      expect({ file, exists: fs.existsSync(path.join(root, file)) && file.endsWith('.tf.test.ts') }).toEqual({ file, exists: true });
    }
  });
});

describe('npm test phases (scripts/run-tests.js)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { phasesFor } = require('../../scripts/run-tests.js') as { phasesFor(extra: string[]): { label: string; args: string[] }[] };
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('npm test builds, then runs the unit and Terraform suites and the apply tier as two timed jest runs', () => {
    expect(pkg.scripts.test).toBe('tsc -b tsconfig.json && node scripts/run-tests.js');
    expect(phasesFor([])).toEqual([
      { label: 'unit + Terraform suites', args: ['--selectProjects', 'unit', 'terraform'] },
      { label: 'apply tier', args: ['--selectProjects', 'apply'] },
    ]);
  });

  it('the two phases cover every jest project exactly once', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const projects = (require('../../jest.config.js') as { projects: { displayName: string }[] }).projects.map((p) => p.displayName).sort();
    const selected = phasesFor([]).flatMap((p) => p.args.filter((a) => !a.startsWith('--'))).sort();
    expect(selected).toEqual(projects);
  });

  it('with arguments (npm test -- <paths>) runs one plain jest with them', () => {
    expect(phasesFor(['__tests__/core', '-t', 'x'])).toEqual([{ label: 'jest', args: ['__tests__/core', '-t', 'x'] }]);
  });
});
