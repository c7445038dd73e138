#!/usr/bin/env node
'use strict';
/**
 * `node bench/apply.js [--budget-seconds 480] [--json FILE]`: the apply tier's wall time (issue 22's budget:
 * every stack applied, re-planned and the environments destroyed within 8 minutes on these machines).
 *
 * Runs `npx jest --selectProjects apply` (the whole tier: emulator tests and the runbook against the emulator,
 * HELLOAPI_APPLY_TIER_OPT_IN=on) once, from a built tree (`npm run build` first unless --skip-build), and prints the
 * wall time, the machine's CPU count and load average before and after, the per-stack table the tier writes
 * (HELLOAPI_APPLY_REPORT), and whether the budget was met. Exit 1 when the tier fails, or with --check when the
 * budget is missed. The load average matters: the machine is shared, and the tier is CPU-bound (Terraform, the
 * provider, moto).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const budget = Number(opt('--budget-seconds', '480'));
const root = path.resolve(__dirname, '..');
if (!args.includes('--skip-build')) {
  const b = spawnSync('npx', ['tsc', '-b', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const report = path.join(os.tmpdir(), `helloapi-apply-report-${process.pid}.md`);
const loadBefore = os.loadavg();
const start = Date.now();
const r = spawnSync('npx', ['jest', '--selectProjects', 'apply'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HELLOAPI_APPLY_TIER_OPT_IN: 'on', HELLOAPI_APPLY_REPORT: report },
});
const seconds = (Date.now() - start) / 1000;
const loadAfter = os.loadavg();
const table = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '(no per-stack table: the runbook part did not run)\n';
fs.rmSync(report, { force: true });
const result = {
  seconds,
  budgetSeconds: budget,
  withinBudget: seconds <= budget,
  passed: r.status === 0,
  cpus: os.cpus().length,
  loadBefore,
  loadAfter,
  date: new Date().toISOString(),
};
process.stdout.write(
  `\napply tier: ${seconds.toFixed(0)} s wall (budget ${budget} s: ${result.withinBudget ? 'met' : 'MISSED'}), tests ${result.passed ? 'passed' : 'FAILED'}; ` +
    `${result.cpus} CPUs, load ${loadBefore.map((l) => l.toFixed(1)).join('/')} before, ${loadAfter.map((l) => l.toFixed(1)).join('/')} after\n${table}`,
);
const json = opt('--json');
if (json) fs.writeFileSync(json, `${JSON.stringify({ ...result, table }, null, 2)}\n`);
process.exit(!result.passed || (args.includes('--check') && !result.withinBudget) ? 1 : 0);
