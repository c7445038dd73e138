/**
 * The tests' type-check, as a suite: jest runs test files through swc (transpile only), so without this a type
 * error in a test would go unnoticed. `npm test` builds the library first (`tsc -b tsconfig.json`, which emits
 * dist/ and checks every source file); this suite checks __tests__/ against dist/'s declarations, alongside the
 * other suites instead of before them (it used to be a serial `tsc -b tsconfig.test.json` step: ~11 s of one CPU
 * while the other waited). `npm run typecheck` runs the same check alone.
 *
 * `tsc -p` (not `-b`): it never rebuilds the library into dist/ while other suites read it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

describe('type-check of the tests', () => {
  it('has no compiler diagnostic (tsc -p tsconfig.test.json)', () => {
    if (!fs.existsSync(path.join(root, 'dist', 'index.d.ts'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.test.json', '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    expect({ status: r.status, diagnostics: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, diagnostics: '' });
  });
});
