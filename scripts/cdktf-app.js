#!/usr/bin/env node
'use strict';
/**
 * The cdktf app command (cdktf.json `"app": "node scripts/cdktf-app.js"`): compile, then synthesize, so that
 * `npx cdktf synth|diff|deploy` always run the current sources, never a stale dist/.
 *
 * 1. `tsc -b tsconfig.json`. Build mode is incremental: with nothing changed it only compares timestamps with
 *    dist/.tsbuildinfo. Measured on the 2-CPU dev machine: a no-change `tsc -b` takes 0.45 s wall (5 runs,
 *    0.42-0.46 s, idle machine), mostly loading the compiler; over 6 paired runs (busy machine) this launcher
 *    used 0.53 s more CPU than `node dist/main.js` alone (median 2.37 s vs 1.83 s user+sys). For scale, the cdktf
 *    CLI itself spends ~4-5 s CPU per `cdktf synth`. After editing one environment file the rebuild is ~6 s CPU
 *    (tsc re-parses the provider declarations); a first build from scratch ~12 s CPU.
 * 2. On any compiler diagnostic: print tsc's diagnostics on stderr, exit 1. The app does not run, so the
 *    output folder (CDKTF_OUTDIR, cdktf.out/) is left untouched. (tsc >= 5.6 still emits JavaScript for files
 *    with errors and records the errors in dist/.tsbuildinfo, so every later build reports them again.)
 * 3. Otherwise run dist/main.js in this process (the app itself; bench/run.js times that, not this launcher).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** What this launcher runs once the build is clean (relative to the repository root). */
const APP = path.join('dist', 'main.js');

function compile() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    process.stderr.write('cdktf app: typescript is not installed: run `npm ci` first\n');
    return false;
  }
  const r = spawnSync(process.execPath, [tsc, '-b', path.join(ROOT, 'tsconfig.json'), '--pretty', String(Boolean(process.stderr.isTTY))], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}`;
  if (r.status === 0 && !r.error) return true;
  process.stderr.write(output);
  process.stderr.write(`\ncdktf app: the TypeScript build (tsc -b tsconfig.json) failed${r.status ? ` with exit code ${r.status}` : ''}; nothing was synthesized. Fix the errors above and run the command again.\n`);
  return false;
}

if (require.main === module) {
  if (!compile()) process.exit(1);
  const app = path.join(ROOT, APP);
  if (!fs.existsSync(app)) {
    process.stderr.write(`cdktf app: ${APP} is missing after the build; check tsconfig.json's outDir\n`);
    process.exit(1);
  }
  require(app);
}

module.exports = { APP };
