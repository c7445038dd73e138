/**
 * Environment files that cannot be read (issue 16, item 9): a JSON syntax error, or a module that throws when
 * loaded, is a problem of that file, reported with every other file's problems at once, like any validation
 * problem. (Compiled runs and the default environments/ folder: cdktf-cli.test.ts and cli.test.ts.)
 *
 * Adding an environment file must not break the unit suites either: a test that means "every committed
 * environment" iterates committedEnvironments() / environmentStackNames() (support/environments.ts) instead of
 * listing them. The last block finds the usual slip, an array literal naming exactly the committed environments
 * (or their stacks), in any test file; tables of one environment's own settings (`['dev', 1, ...]`) are not lists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironmentSources, loadEnvironments } from '../../modules/config/load';
import { ConfigError, ConfigProblem } from '../../modules/config/validate';
import { committedEnvironments } from '../support/environments';
import { devInput } from '../support/fixtures';
import { tmpOutdir } from '../support/synth';

function problemsOf(fn: () => unknown): { problems: readonly ConfigProblem[]; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return { problems: e.problems, message: e.message };
    throw new Error(`expected a ConfigError, got: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('environment files that cannot be read', () => {
  let dir: string;
  let label: string;

  beforeAll(() => {
    dir = tmpOutdir('helloapi-envs-');
    label = path.basename(dir);
    // Line 4, column 3: the unquoted key.
    fs.writeFileSync(path.join(dir, 'broken.json'), '{\n  "name": "broken",\n  "production": false,\n  oops: 1\n}\n');
    fs.writeFileSync(path.join(dir, 'boom.ts'), "throw new Error('cannot reach the secrets vault');\nexport default {};\n");
    fs.writeFileSync(path.join(dir, 'dev.json'), JSON.stringify(devInput({ account: { id: '12', region: 'us-east-1' } })));
    fs.writeFileSync(path.join(dir, 'qa.json'), JSON.stringify(devInput({ name: 'qa', network: { cidr: '10.40.0.0/16', azCount: 2 } })));
    // Shared helpers are not environments: never loaded on their own, so never reported.
    fs.writeFileSync(path.join(dir, '_helper.ts'), "throw new Error('a helper is not an environment');\nexport {};\n");
  });

  it('a JSON syntax error names the file, the parser message and the line and column, with every other problem at once', () => {
    const { problems, message } = problemsOf(() => loadEnvironments(dir));
    expect(problems).toEqual(
      expect.arrayContaining([
        { source: `${label}/broken.json`, path: '(file)', message: expect.stringMatching(/^invalid JSON: .*\(line 4,? column 3\)$/) },
        { source: `${label}/boom.ts`, path: '(file)', message: 'failed to load: cannot reach the secrets vault' },
        expect.objectContaining({ source: `${label}/dev.json`, path: 'account.id', value: '"12"' }),
      ]),
    );
    expect(problems.filter((p) => p.source.endsWith('qa.json'))).toEqual([]);
    expect(problems.filter((p) => p.source.includes('_helper'))).toEqual([]);
    expect(message).toMatch(new RegExp(`^  ${label}/broken\\.json: \\(file\\): invalid JSON: .*\\(line 4,? column 3\\)$`, 'm'));
    expect(message).toMatch(new RegExp(`^  ${label}/boom\\.ts: \\(file\\): failed to load: cannot reach the secrets vault$`, 'm'));
    expect(message).toMatch(new RegExp(`^  ${label}/dev\\.json: account\\.id = "12": must be exactly 12 digits$`, 'm'));
  });

  it('loadEnvironmentSources reports every unreadable file together', () => {
    const { problems } = problemsOf(() => loadEnvironmentSources(dir));
    expect(problems.map((p) => `${p.source} ${p.path}`).sort()).toEqual([`${label}/boom.ts (file)`, `${label}/broken.json (file)`]);
  });

  it('the readable files alone load as before', () => {
    const ok = tmpOutdir('helloapi-envs-');
    fs.copyFileSync(path.join(dir, 'qa.json'), path.join(ok, 'qa.json'));
    fs.copyFileSync(path.join(dir, '_helper.ts'), path.join(ok, '_helper.ts'));
    expect(loadEnvironments(ok).map((c) => c.name)).toEqual(['qa']);
  });
});

describe('the build the loader asks for', () => {
  it('npm run build is the same incremental build mode as the cdktf app command (tsc -p leaves a touched file stale for ever)', () => {
    // tsc -p rewrites neither an unchanged output nor its build info when a source is only touched (a branch switch,
    // an editor save), so the loader's "older than the source" check could never be cleared by `npm run build`.
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('tsc -b tsconfig.json');
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'cdktf-app.js'), 'utf8')).toContain("[tsc, '-b', path.join(ROOT, 'tsconfig.json')");
  });
});

const TESTS = path.resolve(__dirname, '..');

function testFiles(dir = TESTS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Array literals of string literals only, with their line. */
function stringArrays(source: string): { line: number; items: string[] }[] {
  const out: { line: number; items: string[] }[] = [];
  for (const m of source.matchAll(/\[\s*((?:'[^'\n]*'\s*,\s*)+'[^'\n]*'\s*,?\s*)\]/g)) {
    out.push({ line: source.slice(0, m.index).split('\n').length, items: [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]) });
  }
  return out;
}

describe('tests that mean every committed environment', () => {
  const envs = committedEnvironments();
  const names = new Set(envs.map((c) => c.name));
  const stacks = new Set(envs.map((c) => c.stackName));
  const same = (items: string[], set: Set<string>) => items.length === set.size && items.every((i) => set.has(i));

  it('derive the list instead of naming every environment', () => {
    const found = testFiles().flatMap((f) =>
      stringArrays(fs.readFileSync(f, 'utf8'))
        .filter((a) => same(a.items, names) || same(a.items, stacks))
        .map((a) => `${path.relative(TESTS, f)}:${a.line}: [${a.items.join(', ')}]`),
    );
    expect(found).toEqual([]);
  });

  it('the guard sees such a list, in any order, with or without the app prefix', () => {
    const list = [...names].reverse();
    const code = `it.each([${list.map((n) => `'${n}'`).join(', ')}])('%s', () => {});\nfor (const s of [\n  ${[...stacks].map((n) => `'${n}'`).join(',\n  ')},\n]) f(s);`;
    expect(stringArrays(code).filter((a) => same(a.items, names) || same(a.items, stacks)).map((a) => a.line)).toEqual([1, 2]);
  });
});
