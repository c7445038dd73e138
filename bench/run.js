#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (from the repository root): helloapi-infra synth vs an
 * equivalent AWS CDK app, side by side on the same machine in the same run.
 *
 *   1. builds both: `npm run build` (tsc, what `npm run synth` runs first) and
 *      the CDK app in bench/cdk-app (tsc; installs bench/ with `npm ci` if needed);
 *   2. times OUR synth, exactly the command cdktf.json's `app` runs
 *      (`node dist/main.js`, CDKTF_OUTDIR -> a temp folder), and the CDK app's
 *      `App.synth()` (CDK_OUTDIR -> a temp folder) alternately, N runs each after
 *      one untimed warm-up run each, measuring wall time and the child's peak RSS;
 *   3. prints median and spread (min, max, IQR) of both and the ratios ours/CDK;
 *   4. times our synth for 1, 10 and 50 generated environments (the scaling curve).
 *
 * Options:
 *   --runs N            timed runs per app (default 7)
 *   --scaling 1,10,50   environment counts for the scaling curve ("" or --no-scaling to skip)
 *   --scaling-runs N    timed runs per scaling point (default 3)
 *   --cdk-scaling       also time the CDK app at each scaling point (slow)
 *   --smoke             one run of everything, no warm-up (CI); thresholds never fail
 *   --check             exit 1 when a target is missed
 *   --skip-build        use the existing dist/ and bench/cdk-app/dist/
 *   --allow-build-errors  keep going when tsc reports type errors but emitted JS
 *   --profile           also run `node --cpu-prof` on our synth and print where time goes
 *   --profile-only      only the profile
 *   --ours-node-options "..."  NODE_OPTIONS for our synth only (to measure a variant,
 *                       e.g. "-r ./some-preload.js" or "--max-semi-space-size=16")
 *   --json FILE         write all measurements as JSON
 *   --markdown          print the results as Markdown tables (for bench/README.md)
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { measure, RSS_METHOD } = require('./lib/measure');
const { summarize, linearFit } = require('./lib/stats');
const { loadTemplates, writeEnvironments } = require('./lib/environments');
const { summarizeProfile } = require('./lib/profile');

const ROOT = path.resolve(__dirname, '..');
const BENCH = __dirname;
const CDK_APP = path.join(BENCH, 'cdk-app', 'dist', 'app.js');

/** The issue's targets. */
// The budget (bench/README.md): all environments synthesize in <= 0.25x the time and <= 0.30x the memory of the AWS CDK app.
const TARGETS = { timeRatio: 0.25, memoryRatio: 0.3, fiftyEnvironmentsSeconds: 5 };

function parseArgs(argv) {
  const o = { runs: 7, scaling: [1, 10, 50], scalingRuns: 3, cdkScaling: false, smoke: false, check: false, skipBuild: false, allowBuildErrors: false, profile: false, profileOnly: false, json: undefined, markdown: false, oursNodeOptions: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} must be a positive whole number, got ${v}`);
      return n;
    };
    if (a === '--runs') o.runs = count(next());
    else if (a.startsWith('--runs=')) o.runs = count(a.slice(7));
    else if (a === '--scaling') o.scaling = next().split(',').filter(Boolean).map(count);
    else if (a.startsWith('--scaling=')) o.scaling = a.slice(10).split(',').filter(Boolean).map(count);
    else if (a === '--no-scaling') o.scaling = [];
    else if (a === '--scaling-runs') o.scalingRuns = count(next());
    else if (a === '--cdk-scaling') o.cdkScaling = true;
    else if (a === '--smoke') o.smoke = true;
    else if (a === '--check') o.check = true;
    else if (a === '--skip-build') o.skipBuild = true;
    else if (a === '--allow-build-errors') o.allowBuildErrors = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--profile-only') o.profileOnly = o.profile = true;
    else if (a === '--json') o.json = path.resolve(next());
    else if (a === '--ours-node-options') o.oursNodeOptions = next();
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^#!.*\n'use strict';\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (o.smoke) {
    o.runs = 1;
    o.scalingRuns = 1;
    o.check = false;
  }
  return o;
}

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function sh(cmd, args, cwd, what) {
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`, seconds: (Date.now() - start) / 1000, what };
}

function build(o) {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) throw new Error('typescript is not installed: run `npm ci` in the repository root first');
  if (!fs.existsSync(path.join(BENCH, 'node_modules', 'aws-cdk-lib'))) {
    log('installing bench/ dependencies (npm ci --prefix bench) ...');
    const r = sh('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], ROOT);
    if (!r.ok) throw new Error(`npm ci --prefix bench failed:\n${r.output}`);
  }
  if (o.skipBuild) {
    for (const f of [path.join(ROOT, 'dist', 'main.js'), CDK_APP]) {
      if (!fs.existsSync(f)) throw new Error(`--skip-build: ${path.relative(ROOT, f)} does not exist; run without --skip-build once`);
    }
    return { warnings: [] };
  }
  const warnings = [];
  for (const [what, args, output] of [
    ['ours (npm run build = tsc -b tsconfig.json)', [tsc, '-b', path.join(ROOT, 'tsconfig.json')], path.join(ROOT, 'dist', 'main.js')],
    ['AWS CDK app (tsc -p bench/tsconfig.json)', [tsc, '-p', path.join(BENCH, 'tsconfig.json')], CDK_APP],
  ]) {
    const r = sh(process.execPath, args, ROOT, what);
    log(`built ${what} in ${r.seconds.toFixed(1)} s${r.ok ? '' : ' WITH TYPE ERRORS'}`);
    if (!r.ok) {
      const head = r.output.split('\n').slice(0, 20).join('\n');
      if (!o.allowBuildErrors || !fs.existsSync(output)) throw new Error(`build failed: ${what}\n${head}`);
      warnings.push(`${what}: tsc reported type errors (JS emitted anyway; measured regardless):\n${head}`);
      log(warnings[warnings.length - 1]);
    }
  }
  return { warnings };
}

/**
 * The app cdktf.json's `app` runs (e.g. `node dist/main.js`), as argv. When that command is the compile-first
 * launcher (scripts/cdktf-app.js: tsc -b, then the app), the app it launches: build() compiled already, and
 * this measures the synth, not tsc's up-to-date check.
 */
function ourAppCommand() {
  let app = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app.trim();
  const launcher = app.split(/\s+/)[1];
  if (launcher === 'scripts/cdktf-app.js') app = `node ${require(path.join(ROOT, launcher)).APP}`;
  const argv = app.split(/\s+/);
  if (argv[0] === 'node') argv[0] = process.execPath;
  return { text: app, argv };
}

function countOurs(outdir) {
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : [];
  let resources = 0;
  for (const s of stacks) {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, s, 'cdk.tf.json'), 'utf8'));
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
  }
  return { stacks: stacks.length, resources };
}

function countCdk(outdir) {
  const templates = fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')) : [];
  let resources = 0;
  for (const t of templates) resources += Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, t), 'utf8')).Resources ?? {}).length;
  return { stacks: templates.length, resources };
}

function makeRunners(tmp, o) {
  const ours = ourAppCommand();
  const oursEnv = o.oursNodeOptions ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${o.oursNodeOptions}`.trim() } : {};
  let k = 0;
  const fresh = (label) => path.join(tmp, `${label}-${k++}`);
  return {
    ours: {
      label: 'ours (cdktf)',
      command: o.oursNodeOptions ? `NODE_OPTIONS="${oursEnv.NODE_OPTIONS}" ${ours.text}` : ours.text,
      run(extraEnv = {}) {
        const outdir = fresh('ours');
        const r = measure(ours.argv, { cwd: ROOT, env: { CDKTF_OUTDIR: outdir, ...oursEnv, ...extraEnv } });
        if (!r.ok) throw new Error(`our synth failed (exit ${r.status}):\n${r.stderr}`);
        const counts = countOurs(outdir);
        fs.rmSync(outdir, { recursive: true, force: true });
        return { ...r, ...counts };
      },
    },
    cdk: {
      label: 'AWS CDK',
      command: 'node bench/cdk-app/dist/app.js',
      run(extraEnv = {}) {
        const outdir = fresh('cdk');
        const r = measure([process.execPath, CDK_APP], { cwd: BENCH, env: { CDK_OUTDIR: outdir, ...extraEnv } });
        if (!r.ok) throw new Error(`AWS CDK synth failed (exit ${r.status}):\n${r.stderr}`);
        const counts = countCdk(outdir);
        fs.rmSync(outdir, { recursive: true, force: true });
        return { ...r, ...counts };
      },
    },
  };
}

function fmtS(x) {
  return `${x.toFixed(2)} s`;
}
function fmtMb(x) {
  return `${Math.round(x)} MB`;
}
function spread(s, f) {
  return `${f(s.median)} (min ${f(s.min)}, max ${f(s.max)}, IQR ${f(s.q1)}-${f(s.q3)})`;
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  let nproc = os.cpus().length;
  const r = spawnSync('nproc', [], { encoding: 'utf8' });
  if (r.status === 0) nproc = Number(r.stdout.trim());
  return { nproc, cpu, memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10, node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() };
}

function profile(tmp, o) {
  const ours = ourAppCommand();
  const dir = path.join(tmp, 'cpu-prof');
  const outdir = path.join(tmp, 'profile-out');
  const r = spawnSync(ours.argv[0], ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...ours.argv.slice(1)], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...(o.oursNodeOptions ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${o.oursNodeOptions}`.trim() } : {}) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`profiled synth failed:\n${r.stderr}`);
  const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  const p = summarizeProfile(file, ROOT);
  const lines = [`\nCPU profile of \`${ours.text}\` (self time, ${p.totalMs.toFixed(0)} ms sampled; raw profile: ${file})`];
  const table = (title, rows, n) => {
    lines.push(`  ${title}`);
    for (const [k, ms] of rows.slice(0, n)) lines.push(`    ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / p.totalMs).toFixed(1).padStart(5)}%  ${k}`);
  };
  table('by package', p.byPackage, 12);
  table('by file', p.byFile, 15);
  table('by function', p.byFunction, 15);
  return { summary: p, text: lines.join('\n'), file };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-bench-'));
  const results = { machine: machine(), rssMethod: RSS_METHOD, options: o, loadAverageStart: os.loadavg() };
  try {
    const { warnings } = build(o);
    results.buildWarnings = warnings;
    const runners = makeRunners(tmp, o);
    const out = [];
    const m = results.machine;
    out.push(`helloapi-infra synth benchmark, ${m.date}`);
    out.push(`machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGb} GB RAM, node ${m.node}, ${m.platform}; load average at start ${results.loadAverageStart.map((x) => x.toFixed(2)).join(' ')}`);
    out.push(`peak RSS measured with ${RSS_METHOD === 'gnu-time' ? '/usr/bin/time -f %M (ru_maxrss of the child)' : 'a node -r preload reporting process.resourceUsage().maxRSS'}`);

    if (!o.profileOnly) {
      // Side by side, alternating (ABBA order) to spread machine noise evenly.
      if (!o.smoke) {
        log('warm-up: one untimed run of each');
        runners.ours.run();
        runners.cdk.run();
      }
      const samples = { ours: [], cdk: [] };
      for (let i = 0; i < o.runs; i++) {
        const order = i % 2 === 0 ? ['ours', 'cdk'] : ['cdk', 'ours'];
        for (const k of order) {
          const r = runners[k].run();
          samples[k].push(r);
          log(`run ${i + 1}/${o.runs} ${runners[k].label.padEnd(12)} ${fmtS(r.seconds)}  ${fmtMb(r.maxRssMb)}  (${r.stacks} stacks, ${r.resources} resources)`);
        }
      }
      const stat = (k) => ({
        command: runners[k].command,
        stacks: samples[k][0].stacks,
        resources: samples[k][0].resources,
        seconds: summarize(samples[k].map((r) => r.seconds)),
        cpuSeconds: summarize(samples[k].map((r) => r.cpuSeconds)),
        maxRssMb: summarize(samples[k].map((r) => r.maxRssMb)),
        raw: samples[k].map((r) => ({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, maxRssMb: r.maxRssMb })),
      });
      results.ours = stat('ours');
      results.cdk = stat('cdk');
      results.ratio = {
        time: results.ours.seconds.median / results.cdk.seconds.median,
        cpu: results.ours.cpuSeconds.median / results.cdk.cpuSeconds.median,
        memory: results.ours.maxRssMb.median / results.cdk.maxRssMb.median,
      };
      out.push('');
      out.push(`All environments, ${o.runs} alternating run${o.runs === 1 ? '' : 's'} each${o.smoke ? '' : ' after one warm-up'}: median (min, max, IQR)`);
      for (const k of ['ours', 'cdk']) {
        const s = results[k];
        out.push(`  ${runners[k].label.padEnd(12)} \`${s.command}\`: ${s.stacks} stacks, ${s.resources} resources`);
        out.push(`    wall time ${spread(s.seconds, fmtS)}`);
        out.push(`    CPU time  ${spread(s.cpuSeconds, fmtS)} (user + system; less sensitive to other load)`);
        out.push(`    peak RSS  ${spread(s.maxRssMb, fmtMb)}`);
      }
      out.push(`  ratio ours/CDK: wall time ${results.ratio.time.toFixed(3)} (1/${(1 / results.ratio.time).toFixed(1)}), CPU time ${results.ratio.cpu.toFixed(3)} (1/${(1 / results.ratio.cpu).toFixed(1)}), peak memory ${results.ratio.memory.toFixed(3)} (1/${(1 / results.ratio.memory).toFixed(1)})`);

      if (o.scaling.length > 0) {
        const templates = loadTemplates(path.join(ROOT, 'dist', 'environments'));
        const dirs = new Map(o.scaling.map((n) => [n, writeEnvironments(path.join(tmp, `environments-${n}`), templates, n)]));
        const scal = new Map(o.scaling.map((n) => [n, { ours: [], cdk: [] }]));
        for (let i = 0; i < o.scalingRuns; i++) {
          for (const n of o.scaling) {
            const r = runners.ours.run({ HELLOAPI_ENVIRONMENTS_DIR: dirs.get(n) });
            scal.get(n).ours.push(r);
            log(`scaling run ${i + 1}/${o.scalingRuns} ${String(n).padStart(3)} environments: ours ${fmtS(r.seconds)} ${fmtMb(r.maxRssMb)} (${r.stacks} stacks, ${r.resources} resources)`);
            if (o.cdkScaling) {
              const c = runners.cdk.run({ BENCH_CDK_ENVIRONMENTS: String(n) });
              scal.get(n).cdk.push(c);
              log(`scaling run ${i + 1}/${o.scalingRuns} ${String(n).padStart(3)} environments: CDK  ${fmtS(c.seconds)} ${fmtMb(c.maxRssMb)} (${c.stacks} stacks, ${c.resources} resources)`);
            }
          }
        }
        results.scaling = o.scaling.map((n) => {
          const s = scal.get(n);
          const row = { environments: n, stacks: s.ours[0].stacks, resources: s.ours[0].resources, seconds: summarize(s.ours.map((r) => r.seconds)), cpuSeconds: summarize(s.ours.map((r) => r.cpuSeconds)), maxRssMb: summarize(s.ours.map((r) => r.maxRssMb)) };
          if (s.cdk.length) row.cdk = { stacks: s.cdk[0].stacks, resources: s.cdk[0].resources, seconds: summarize(s.cdk.map((r) => r.seconds)), cpuSeconds: summarize(s.cdk.map((r) => r.cpuSeconds)), maxRssMb: summarize(s.cdk.map((r) => r.maxRssMb)) };
          return row;
        });
        out.push('');
        out.push(`Scaling (ours; generated environments cycling the repository's own; median of ${o.scalingRuns}):`);
        for (const row of results.scaling) {
          let line = `  ${String(row.environments).padStart(3)} environments (${row.stacks} stacks, ${row.resources} resources): ${spread(row.seconds, fmtS)}, CPU ${fmtS(row.cpuSeconds.median)}, peak RSS ${fmtMb(row.maxRssMb.median)}`;
          if (row.cdk) line += `; CDK ${fmtS(row.cdk.seconds.median)} (CPU ${fmtS(row.cdk.cpuSeconds.median)}), ${fmtMb(row.cdk.maxRssMb.median)}`;
          out.push(line);
        }
        if (results.scaling.length >= 2) {
          const fit = linearFit(results.scaling.map((r) => [r.environments, r.seconds.median]));
          const mem = linearFit(results.scaling.map((r) => [r.environments, r.maxRssMb.median]));
          results.scalingFit = { secondsPerEnvironment: fit.slope, fixedSeconds: fit.intercept, mbPerEnvironment: mem.slope, fixedMb: mem.intercept };
          out.push(`  least-squares fit: ${fit.intercept.toFixed(2)} s + ${(fit.slope * 1000).toFixed(0)} ms per environment; ${Math.round(mem.intercept)} MB + ${mem.slope.toFixed(1)} MB per environment`);
        }
      }

      // Targets (reported always; enforced only with --check).
      const checks = [
        { target: `all-environments synth time <= 1/4 of AWS CDK`, value: `ratio ${results.ratio.time.toFixed(3)}`, ok: results.ratio.time <= TARGETS.timeRatio },
        { target: `(info) all-environments CPU time <= 1/4 of AWS CDK`, value: `ratio ${results.ratio.cpu.toFixed(3)}`, ok: results.ratio.cpu <= TARGETS.timeRatio, info: true },
        { target: `all-environments peak memory <= 0.30x of AWS CDK`, value: `ratio ${results.ratio.memory.toFixed(3)}`, ok: results.ratio.memory <= TARGETS.memoryRatio },
      ];
      const fifty = (results.scaling ?? []).find((r) => r.environments === 50);
      if (fifty) checks.push({ target: '50 environments synthesize in < 5 s', value: fmtS(fifty.seconds.median), ok: fifty.seconds.median < TARGETS.fiftyEnvironmentsSeconds });
      results.checks = checks;
      out.push('');
      out.push(`Targets${o.smoke ? ' (smoke run: informational only)' : ''}:`);
      for (const c of checks) out.push(`  ${c.ok ? 'MET   ' : 'MISSED'} ${c.target}: ${c.value}`);
    }

    if (o.profile) {
      const p = profile(tmp, o);
      results.profile = { totalMs: p.summary.totalMs, byPackage: p.summary.byPackage.slice(0, 20), byFile: p.summary.byFile.slice(0, 30) };
      out.push(p.text);
    }
    results.loadAverageEnd = os.loadavg();
    out.push(`\nload average at end ${results.loadAverageEnd.map((x) => x.toFixed(2)).join(' ')}`);
    if (results.buildWarnings.length) out.push(`WARNING: ${results.buildWarnings.length} build(s) had type errors; see above.`);
    process.stdout.write(`${out.join('\n')}\n`);
    if (o.markdown && results.ours) process.stdout.write(`\n${markdown(results)}\n`);
    if (o.json) fs.writeFileSync(o.json, JSON.stringify(results, null, 2));
    if (o.check && results.checks && results.checks.some((c) => !c.ok && !c.info)) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function markdown(r) {
  const m = r.machine;
  const row = (label, s) =>
    `| ${label} | ${s.stacks} | ${s.resources} | ${s.seconds.median.toFixed(2)} | ${s.seconds.min.toFixed(2)}-${s.seconds.max.toFixed(2)} | ${s.cpuSeconds.median.toFixed(2)} | ${Math.round(s.maxRssMb.median)} | ${Math.round(s.maxRssMb.min)}-${Math.round(s.maxRssMb.max)} |`;
  const lines = [
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.nproc} CPUs (${m.cpu}), ${m.memoryGb} GB RAM, node ${m.node}; ${r.options.runs} alternating runs each; load average ${r.loadAverageStart.map((x) => x.toFixed(2)).join(' ')} at start.`,
    '',
    '| app | stacks | resources | wall time median (s) | min-max (s) | CPU time median (s) | peak RSS median (MB) | min-max (MB) |',
    '|---|---|---|---|---|---|---|---|',
    row(`ours: \`${r.ours.command}\``, r.ours),
    row('AWS CDK: `App.synth()`', r.cdk),
    `| **ratio ours/CDK** | | | **${r.ratio.time.toFixed(3)}** (1/${(1 / r.ratio.time).toFixed(1)}) | | ${r.ratio.cpu.toFixed(3)} (1/${(1 / r.ratio.cpu).toFixed(1)}) | **${r.ratio.memory.toFixed(3)}** (1/${(1 / r.ratio.memory).toFixed(1)}) | |`,
  ];
  if (r.scaling) {
    lines.push('', `| environments | stacks | resources | wall time median (s) | min-max (s) | CPU time median (s) | peak RSS median (MB) |${r.scaling[0].cdk ? ' AWS CDK time (s) | AWS CDK RSS (MB) |' : ''}`, `|---|---|---|---|---|---|---|${r.scaling[0].cdk ? '---|---|' : ''}`);
    for (const s of r.scaling) {
      lines.push(`| ${s.environments} | ${s.stacks} | ${s.resources} | ${s.seconds.median.toFixed(2)} | ${s.seconds.min.toFixed(2)}-${s.seconds.max.toFixed(2)} | ${s.cpuSeconds.median.toFixed(2)} | ${Math.round(s.maxRssMb.median)} |${s.cdk ? ` ${s.cdk.seconds.median.toFixed(2)} | ${Math.round(s.cdk.maxRssMb.median)} |` : ''}`);
    }
    if (r.scalingFit) lines.push('', `Fit: ${r.scalingFit.fixedSeconds.toFixed(2)} s + ${(r.scalingFit.secondsPerEnvironment * 1000).toFixed(0)} ms per environment.`);
  }
  return lines.join('\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
