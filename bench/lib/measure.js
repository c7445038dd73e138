'use strict';
/**
 * Runs one command and measures its wall time (high-resolution, in this
 * process, around the child) and its peak resident set size: with GNU time
 * (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child) when present,
 * else through a `node -r` preload that reports process.resourceUsage().maxRSS.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const GNU_TIME = '/usr/bin/time';

function hasGnuTime() {
  if (!fs.existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr);
}

/** How peak RSS is measured on this machine (`BENCH_RSS_METHOD=node-preload` forces the fallback). */
const RSS_METHOD = process.env.BENCH_RSS_METHOD === 'node-preload' || !hasGnuTime() ? 'node-preload' : 'gnu-time';

/**
 * Runs `argv` (argv[0] is the program) in `cwd` with extra `env`; returns
 * { ok, seconds, cpuSeconds (user + system), maxRssMb, status, stderr }.
 */
function measure(argv, { cwd, env = {} }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-bench-rss-'));
  const rssFile = path.join(tmp, 'rss');
  let cmd = argv[0];
  let args = argv.slice(1);
  const childEnv = { ...process.env, ...env };
  if (RSS_METHOD === 'gnu-time') {
    args = ['-f', '%M %U %S', '-o', rssFile, cmd, ...args];
    cmd = GNU_TIME;
  } else if (path.basename(cmd) === 'node') {
    args = ['-r', path.join(__dirname, 'maxrss-preload.js'), ...args];
    childEnv.BENCH_MAXRSS_FILE = rssFile;
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let maxRssMb = NaN;
  let cpuSeconds = NaN;
  try {
    const [rss, user, sys] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
    maxRssMb = rss / 1024;
    if (user !== undefined && sys !== undefined) cpuSeconds = user + sys;
  } catch {
    // no measurement (command failed to start)
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ok: r.status === 0, status: r.status, seconds, cpuSeconds, maxRssMb, stderr: r.stderr ?? String(r.error ?? '') };
}

module.exports = { measure, RSS_METHOD };
