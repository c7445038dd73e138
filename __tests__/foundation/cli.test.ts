/**
 * The app exactly as `cdktf synth` runs it once compiled (cdktf.json runs scripts/cdktf-app.js: `tsc -b`, then
 * `dist/main.js`; the compile step is tested through the real cdktf CLI in cdktf-cli.test.ts).
 * `npm test` builds dist/ first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { devInput } from '../support/fixtures';
import { environmentStackNames } from '../support/environments';
import { readTree, tmpOutdir } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');
const mainJs = path.join(root, 'dist', 'main.js');

function synth(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [mainJs], { cwd: root, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir, ...env } });
}

describe('the synth command', () => {
  beforeAll(() => {
    if (!fs.existsSync(mainJs)) throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
  });

  it('writes every stack, byte-identical across runs, with no path of this machine', () => {
    const a = tmpOutdir();
    const b = tmpOutdir();
    const r1 = synth(a);
    const r2 = synth(b);
    expect(r1.status).toBe(0);
    expect(r2.status).toBe(0);
    for (const s of ['helloapi-state', ...environmentStackNames()]) {
      expect(fs.existsSync(path.join(a, 'stacks', s, 'cdk.tf.json'))).toBe(true);
    }
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    for (const [file, text] of ta) {
      expect(tb.get(file)).toBe(text);
      // (`/tmp` alone is legitimate: it is the container's scratch mount.)
      for (const machinePath of [root, os.homedir(), a, path.join(os.tmpdir(), 'helloapi')]) expect(text).not.toContain(machinePath);
      expect(text).not.toContain(os.hostname());
    }
  });

  it('on a bad environment: reports every problem, exits 1 and leaves the previous output untouched', () => {
    const outdir = tmpOutdir();
    expect(synth(outdir).status).toBe(0);
    const before = readTree(outdir);

    const envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-envs-'));
    const bad = { ...devInput(), network: { cidr: '10.0.0.0/26', azCount: 7 }, account: { id: '12', region: 'us-east-1' }, surprise: true };
    fs.writeFileSync(path.join(envDir, 'dev.json'), JSON.stringify(bad));
    const r = synth(outdir, { HELLOAPI_ENVIRONMENTS_DIR: envDir });

    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dev\.json: network\.azCount = 7: azCount must be 2 or 3/);
    expect(r.stderr).toMatch(/dev\.json: account\.id = "12": must be exactly 12 digits/);
    expect(r.stderr).toMatch(/dev\.json: surprise = true: unknown key/);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.startsWith(`${path.basename(outdir)}.tmp`))).toEqual([]);
  });

  it('names every environment file that cannot be read (JSON syntax error, a module that throws) with every other problem, exits 1, leaves the output untouched', () => {
    const outdir = tmpOutdir();
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'previous synth');
    const envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-envs-'));
    const label = path.basename(envDir);
    fs.writeFileSync(path.join(envDir, 'broken.json'), '{\n  "name": "broken",\n  oops\n}\n');
    fs.writeFileSync(path.join(envDir, 'boom.js'), "throw new Error('cannot reach the secrets vault');\n");
    fs.writeFileSync(path.join(envDir, 'dev.json'), JSON.stringify({ ...devInput(), account: { id: '12', region: 'us-east-1' } }));
    const r = synth(outdir, { HELLOAPI_ENVIRONMENTS_DIR: envDir });

    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Invalid environment configuration \(3 problems\):$/m);
    // The parser's own words (they vary across Node versions) and where: line 3, column 3.
    expect(r.stderr).toMatch(new RegExp(`^  ${label}/broken\\.json: \\(file\\): invalid JSON: .*\\(line 3,? column 3\\)$`, 'm'));
    expect(r.stderr).toContain(`  ${label}/boom.js: (file): failed to load: cannot reach the secrets vault\n`);
    expect(r.stderr).toContain(`  ${label}/dev.json: account.id = "12": must be exactly 12 digits\n`);
    expect(r.stderr).not.toMatch(/synth failed|SyntaxError/);
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
  });

  it('synthesizes an environment added as one file', () => {
    const envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-envs-'));
    fs.writeFileSync(path.join(envDir, 'dev.json'), JSON.stringify(devInput()));
    const dev = devInput();
    const qa = devInput({ name: 'qa', network: { cidr: '10.40.0.0/16', azCount: 2 }, dns: { ...dev.dns, domain: 'api.qa.example.com' } });
    fs.writeFileSync(path.join(envDir, 'qa.json'), JSON.stringify(qa));
    const outdir = tmpOutdir();
    const r = synth(outdir, { HELLOAPI_ENVIRONMENTS_DIR: envDir });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(expect.arrayContaining(['helloapi-dev', 'helloapi-qa', 'helloapi-state']));
  });
});
