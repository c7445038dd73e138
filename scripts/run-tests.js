#!/usr/bin/env node
'use strict';
/**
 * `npm test` after the build: jest in two phases, each timed, so that each budget is measured on its own
 * (DEVELOPERS.md: everything but the emulator apply tier in under 3 minutes on a 2-CPU machine; the apply tier
 * in its own 8 minutes):
 *
 * 1. the unit and Terraform suites (`jest --selectProjects unit terraform`);
 * 2. the apply tier (`jest --selectProjects apply`; jest.global-setup.js decides whether it runs).
 *
 * Run together, the apply tier's emulator and providers took CPU from the other suites, so neither figure
 * meant anything. The second phase runs even when the first failed (every problem at once); the exit code is
 * the first non-zero one. Arguments (`npm test -- <paths or jest options>`) go to one plain `jest` run instead.
 *
 * Plain JavaScript: nothing needs compiling to run it.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const JEST_BIN = require.resolve('jest/bin/jest', { paths: [path.resolve(__dirname, '..')] });

function phase(label, args) {
  const start = Date.now();
  const r = spawnSync(process.execPath, [JEST_BIN, ...args], { stdio: 'inherit' });
  const seconds = (Date.now() - start) / 1000;
  const status = r.status ?? 1;
  return { label, seconds, status };
}

/** The jest runs for these `npm test` arguments: two timed phases, or one plain run with the arguments. */
function phasesFor(extra) {
  if (extra.length > 0) return [{ label: 'jest', args: extra }];
  return [
    { label: 'unit + Terraform suites', args: ['--selectProjects', 'unit', 'terraform'] },
    { label: 'apply tier', args: ['--selectProjects', 'apply'] },
  ];
}

function main() {
  const results = phasesFor(process.argv.slice(2)).map((p) => phase(p.label, p.args));
  process.stdout.write('\n');
  for (const p of results) process.stdout.write(`${p.label}: ${p.seconds.toFixed(1)} s wall, ${p.status === 0 ? 'passed' : `failed (exit ${p.status})`}\n`);
  process.exit(results.find((p) => p.status !== 0)?.status ?? 0);
}

if (require.main === module) main();

module.exports = { phasesFor };
