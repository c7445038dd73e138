#!/usr/bin/env node
'use strict';
/**
 * `node bench/apply.js [--budget-seconds 480] [--json FILE] [--cpu [--cpu-log FILE]] [--check] [--skip-build]`:
 * the apply tier's wall time (issue 22's budget: every stack applied, re-planned and the environments destroyed
 * within 8 minutes on these machines).
 *
 * Runs `npx jest --selectProjects apply` (the whole tier: emulator tests and the runbook against the emulator) once,
 * from a built tree (`npx tsc -b tsconfig.json` first, as `npm run test:apply`, unless --skip-build), and prints the
 * wall time, the CPU of every process of the tier (user + system, from the kernel's accounting of waited-for
 * children), the machine's CPU count and load average before and after, the per-stack table the tier writes (HELLOAPI_APPLY_REPORT), and
 * whether the budget was met. Exit 1 when the tier fails, or with --check when the budget is missed. The load
 * average matters: the machine is shared, and the tier is CPU-bound (Terraform, the provider, moto).
 *
 * --cpu: where the CPU goes, per Terraform command. `terraform` on PATH becomes a wrapper that runs the real one
 * under `/usr/bin/time`, and the provider mirror (TF_PROVIDER_MIRROR) becomes a copy whose AWS provider is a wrapper
 * doing the same, so every Terraform process and every provider process it starts is measured (and attributed to
 * its Terraform command). The table: per command kind, how many, wall and CPU of Terraform itself and of the
 * providers it started.
 */
const { execFileSync, spawnSync } = require('child_process');
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
  const b = spawnSync('npx', ['tsc', '-b', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

/** CPU seconds (user + system) of this process's waited-for descendants (/proc/self/stat: cutime, cstime). */
function childrenCpu() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

const env = { ...process.env };
const report = path.join(os.tmpdir(), `helloapi-apply-report-${process.pid}.md`);
env.HELLOAPI_APPLY_REPORT = report;
let cpu;
if (args.includes('--cpu')) cpu = instrument(env);

const loadBefore = os.loadavg();
const cpuBefore = childrenCpu();
const start = Date.now();
const r = spawnSync('npx', ['jest', '--selectProjects', 'apply'], { cwd: root, stdio: 'inherit', env });
const seconds = (Date.now() - start) / 1000;
const cpuAfter = childrenCpu();
const loadAfter = os.loadavg();
const table = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '(no per-stack table: the runbook part did not run)\n';
fs.rmSync(report, { force: true });
const result = {
  seconds,
  budgetSeconds: budget,
  withinBudget: seconds <= budget,
  passed: r.status === 0,
  cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  cpus: os.cpus().length,
  loadBefore,
  loadAfter,
  date: new Date().toISOString(),
};
const cpuTable = cpu ? cpuReport(cpu) : undefined;
process.stdout.write(
  `\napply tier: ${seconds.toFixed(0)} s wall (budget ${budget} s: ${result.withinBudget ? 'met' : 'MISSED'}), tests ${result.passed ? 'passed' : 'FAILED'}; ` +
    `${result.cpuSeconds === undefined ? '' : `${result.cpuSeconds.toFixed(0)} CPU-s; `}` +
    `${result.cpus} CPUs, load ${loadBefore.map((l) => l.toFixed(1)).join('/')} before, ${loadAfter.map((l) => l.toFixed(1)).join('/')} after\n${table}` +
    `${cpuTable ? `\n${cpuTable}` : ''}`,
);
const json = opt('--json');
if (json) fs.writeFileSync(json, `${JSON.stringify({ ...result, table, cpuTable }, null, 2)}\n`);
if (cpu) {
  // --cpu-log FILE keeps the wrappers' raw log (one line per Terraform and provider process).
  if (opt('--cpu-log') && fs.existsSync(cpu.log)) fs.copyFileSync(cpu.log, opt('--cpu-log'));
  fs.rmSync(cpu.dir, { recursive: true, force: true });
}
process.exit(!result.passed || (args.includes('--check') && !result.withinBudget) ? 1 : 0);

/** Puts the measuring wrappers in place (see --cpu above); returns where they log. */
function instrument(e) {
  if (!fs.existsSync('/usr/bin/time')) throw new Error('--cpu needs /usr/bin/time (GNU time)');
  // The wrapped mirror must not be found by anyone else's provider-mirror search (scripts/terraform.ts:
  // `find / -xdev ... -name 'terraform-provider-aws_v*'`, which other test runs on this machine use): it lives on
  // another filesystem when there is one (/dev/shm), and its executable is named without the `_v<version>` suffix
  // (Terraform accepts any name starting with terraform-provider-aws).
  const shm = '/dev/shm';
  const base = fs.existsSync(shm) && fs.statSync(shm).dev !== fs.statSync('/').dev ? shm : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'helloapi-apply-cpu-'));
  const log = path.join(dir, 'time.log');
  const realTerraform = execFileSync('bash', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // `exec` keeps the wrapper's PID for /usr/bin/time, which the provider wrapper finds as its grandparent.
  fs.writeFileSync(
    path.join(bin, 'terraform'),
    `#!/bin/sh\nexec /usr/bin/time -a -o '${log}' -f "terraform $$ %e %U %S $PWD :: %C" '${realTerraform}' "$@"\n`,
    { mode: 0o755 },
  );
  const mirror = e.TF_PROVIDER_MIRROR || require(path.join(root, 'dist', 'scripts', 'terraform.js')).findProviderMirror({});
  const rel = path.join('registry.terraform.io', 'hashicorp', 'aws');
  const versions = fs.readdirSync(path.join(mirror, rel));
  const wrapped = path.join(dir, 'mirror');
  for (const v of versions) {
    for (const platform of fs.readdirSync(path.join(mirror, rel, v))) {
      const from = path.join(mirror, rel, v, platform);
      const to = path.join(wrapped, rel, v, platform);
      fs.mkdirSync(to, { recursive: true });
      for (const f of fs.readdirSync(from)) {
        if (!f.startsWith('terraform-provider-aws')) fs.copyFileSync(path.join(from, f), path.join(to, f));
        else {
          fs.writeFileSync(
            path.join(to, 'terraform-provider-aws'),
            `#!/bin/sh\ngp=$(cut -d' ' -f4 /proc/$PPID/stat)\nexec /usr/bin/time -a -o '${log}' -f "provider $gp %e %U %S" '${path.join(from, f)}' "$@"\n`,
            { mode: 0o755 },
          );
        }
      }
    }
  }
  e.PATH = `${bin}${path.delimiter}${e.PATH}`;
  e.TF_PROVIDER_MIRROR = wrapped;
  return { dir, log };
}

/** The per-command table from the wrappers' log. */
function cpuReport({ log }) {
  if (!fs.existsSync(log)) return '(no Terraform command ran)\n';
  const commands = new Map();
  const providers = [];
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const t = /^terraform (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\S+) :: \S+ (.*)$/.exec(line);
    if (t) {
      const [, pid, wall, user, sys, cwd, argv] = t;
      const words = argv.split(' ').filter((w) => !w.startsWith('-'));
      const sub = words[0] === 'state' || words[0] === 'providers' ? `${words[0]} ${words[1] ?? ''}`.trim() : words[0] ?? (/(^| )-v( |$)/.test(argv) ? 'version' : '?');
      const stack = /stacks\/([^/]+)/.exec(cwd)?.[1] ?? path.basename(cwd);
      commands.set(pid, { sub, stack, wall: Number(wall), cpu: Number(user) + Number(sys), argv });
      continue;
    }
    const p = /^provider (\d+) ([\d.]+) ([\d.]+) ([\d.]+)$/.exec(line);
    if (p) providers.push({ parent: p[1], wall: Number(p[2]), cpu: Number(p[3]) + Number(p[4]) });
  }
  // Terraform's CPU includes the providers it waited for; split them out.
  for (const c of commands.values()) Object.assign(c, { providers: 0, providerCpu: 0 });
  let orphanCpu = 0;
  for (const p of providers) {
    const c = commands.get(p.parent);
    if (!c) orphanCpu += p.cpu;
    else {
      c.providers++;
      c.providerCpu += p.cpu;
    }
  }
  const kinds = new Map();
  for (const c of commands.values()) {
    const k = kinds.get(c.sub) ?? { n: 0, wall: 0, terraform: 0, providers: 0, providerCpu: 0 };
    k.n++;
    k.wall += c.wall;
    k.terraform += c.cpu - c.providerCpu;
    k.providers += c.providers;
    k.providerCpu += c.providerCpu;
    kinds.set(c.sub, k);
  }
  const rows = [...kinds.entries()].sort((a, b) => b[1].terraform + b[1].providerCpu - (a[1].terraform + a[1].providerCpu));
  const total = rows.reduce((s, [, k]) => s + k.terraform + k.providerCpu, 0);
  const f = (n) => n.toFixed(0);
  const byStack = new Map();
  for (const c of commands.values()) byStack.set(c.stack, (byStack.get(c.stack) ?? 0) + c.cpu);
  return [
    '| terraform command | runs | wall (s, summed) | terraform CPU (s) | provider processes | provider CPU (s) | CPU per run (s) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(([sub, k]) => `| ${sub} | ${k.n} | ${f(k.wall)} | ${f(k.terraform)} | ${k.providers} | ${f(k.providerCpu)} | ${((k.terraform + k.providerCpu) / k.n).toFixed(1)} |`),
    `| all | ${commands.size} | | | ${providers.length} | | total ${f(total)} CPU-s${orphanCpu ? ` (+${f(orphanCpu)} of providers not matched to a command)` : ''} |`,
    '',
    `Terraform + provider CPU per stack folder: ${[...byStack.entries()].sort((a, b) => b[1] - a[1]).map(([s, c]) => `${s} ${f(c)}`).join(', ')}`,
    '',
  ].join('\n');
}
