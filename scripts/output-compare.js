#!/usr/bin/env node
/**
 * `node scripts/output-compare.js [--ref <git-ref>] [--keep]`: is everything we generate byte-identical to what
 * <git-ref> generates? Proof for behaviour-preserving commits (issue 18: "the restructuring commits change no
 * synthesized byte").
 *
 * Compared, for the ref (built in a temporary git worktree, cached per commit) and for this working tree:
 * - every stack of every committed environment (`node dist/main.js`, serial synth, into a temporary outdir),
 * - every published Terraform JSON module (`node dist/scripts/build-modules.js` -> dist/terraform-modules/).
 * Prints each file that differs (with its first differing line) or exists on one side only; exit 1 if any,
 * exit 0 with "identical" otherwise. Plain Node (no build of this script), so it runs on any commit.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function args(argv) {
  const out = { ref: 'HEAD', keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ref') out.ref = argv[++i];
    else if (argv[i] === '--keep') out.keep = true;
    else {
      process.stderr.write(`unknown argument ${argv[i]}; usage: node scripts/output-compare.js [--ref <git-ref>] [--keep]\n`);
      process.exit(2);
    }
  }
  return out;
}

function run(cmd, cmdArgs, cwd, env = {}) {
  execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}

/** Builds `tree` and writes its stacks and modules under `into` (stacks/, modules/). */
function generate(tree, into) {
  fs.rmSync(into, { recursive: true, force: true });
  fs.mkdirSync(into, { recursive: true });
  run('node', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json'], tree);
  run('node', ['dist/main.js'], tree, { CDKTF_OUTDIR: path.join(into, 'synth'), HELLOAPI_SYNTH_WORKERS: '1', HELLOAPI_AWS_ENDPOINT: '' });
  const modules = path.join(tree, 'dist', 'terraform-modules');
  fs.rmSync(modules, { recursive: true, force: true });
  if (fs.existsSync(path.join(tree, 'dist', 'scripts', 'build-modules.js'))) {
    run('node', ['dist/scripts/build-modules.js'], tree);
    fs.cpSync(modules, path.join(into, 'modules'), { recursive: true });
  }
}

function files(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n    - ${(la[i] ?? '<end>').trim().slice(0, 160)}\n    + ${(lb[i] ?? '<end>').trim().slice(0, 160)}`;
  }
  return 'same lines, different bytes';
}

function main() {
  const { ref, keep } = args(process.argv.slice(2));
  const sha = execFileSync('git', ['rev-parse', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const cache = path.join(os.tmpdir(), `helloapi-output-${sha.slice(0, 12)}`);
  if (!fs.existsSync(path.join(cache, 'done'))) {
    const wt = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-output-wt-'));
    run('git', ['worktree', 'add', '--detach', '--quiet', wt, sha], ROOT);
    try {
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(wt, 'node_modules'));
      generate(wt, cache);
      fs.writeFileSync(path.join(cache, 'done'), `${sha}\n`);
    } finally {
      run('git', ['worktree', 'remove', '--force', wt], ROOT);
    }
  }
  const mine = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-output-tree-'));
  generate(ROOT, mine);
  const before = new Set(files(cache).filter((f) => f !== 'done'));
  const after = new Set(files(mine));
  const problems = [];
  for (const f of [...new Set([...before, ...after])].sort()) {
    if (!after.has(f)) problems.push(`only in ${ref}: ${f}`);
    else if (!before.has(f)) problems.push(`only in the working tree: ${f}`);
    else {
      const a = fs.readFileSync(path.join(cache, f), 'utf8');
      const b = fs.readFileSync(path.join(mine, f), 'utf8');
      if (a !== b) problems.push(`differs: ${f} at ${firstDifference(a, b)}`);
    }
  }
  if (!keep) fs.rmSync(mine, { recursive: true, force: true });
  if (problems.length) {
    process.stdout.write(`${problems.length} generated file(s) differ from ${ref} (${sha.slice(0, 12)}):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`identical: ${after.size} generated files (stacks of every environment, Terraform modules) match ${ref} (${sha.slice(0, 12)})${keep ? `; kept in ${mine}` : ''}\n`);
}

main();
