'use strict';
/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per package,
 * per file and per function, so you can see where synth time goes.
 */
const fs = require('fs');

/** Groups a script URL into a package name (`cdktf`, `@cdktf/provider-aws`, `ours: modules/network`, `node internals`). */
function packageOf(url, root) {
  if (!url) return '(native / gc / idle)';
  if (url.startsWith('node:')) return 'node internals';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (root && file.startsWith(root)) {
    const rel = file.slice(root.length + 1).split('/');
    return `ours: ${rel.slice(0, Math.min(rel.length - 1, 3)).join('/') || rel[0]}`;
  }
  return file;
}

/** { totalMs, byPackage: [[name, ms]], byFile: [[file, ms]], byFunction: [[fn, ms]] } sorted by self time. */
function summarizeProfile(file, root) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples, timeDeltas } = prof;
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const pkg = new Map();
  const files = new Map();
  const fns = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const cf = n.callFrame;
    total += us;
    const special = cf.functionName && cf.functionName.startsWith('(') ? cf.functionName : '';
    add(pkg, special && !cf.url ? special : packageOf(cf.url, root), us);
    const shortFile = (cf.url || special || '(native)').replace(/^file:\/\//, '').replace(root ? root + '/' : '\u0000', '');
    add(files, shortFile, us);
    add(fns, `${cf.functionName || '(anonymous)'} ${shortFile}:${cf.lineNumber + 1}`, us);
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / 1000]);
  return { totalMs: total / 1000, byPackage: sorted(pkg), byFile: sorted(files), byFunction: sorted(fns) };
}

module.exports = { summarizeProfile, packageOf };
