'use strict';
/**
 * Generates N environment files for the scaling benchmark, each a copy of one of
 * the repository's own environments (cycling through them in file-name order),
 * renamed `e01`, `e02`, ... with its own VPC CIDR, API hostname and cost centre.
 * They are written as .json files, which the loader reads like any environment
 * (HELLOAPI_ENVIRONMENTS_DIR points it at the folder).
 */
const fs = require('fs');
const path = require('path');

/** The environment objects the repository declares, from a folder of compiled (.js) or .json files. */
function loadTemplates(dir) {
  dir = path.resolve(dir);
  const files = fs
    .readdirSync(dir)
    .filter((f) => (f.endsWith('.js') || f.endsWith('.json')) && !f.startsWith('_'))
    .sort();
  if (files.length === 0) throw new Error(`no environment files in ${dir}`);
  return files.map((f) => {
    if (f.endsWith('.json')) return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const mod = require(path.join(dir, f));
    return mod.default ?? mod;
  });
}

/** The i-th (0-based) generated environment's name: e01 ... e99, e100 ... */
function environmentName(i) {
  return `e${String(i + 1).padStart(2, '0')}`;
}

/**
 * `count` environment objects derived from `templates`: unique name, CIDR
 * (10.<i+1>.0.0/16; up to 250 environments), hostname and CostCenter tag; the
 * rest (sizes, relaxations, state location) is the template's.
 */
function generateEnvironments(templates, count) {
  if (count > 250) throw new Error('at most 250 generated environments (one /16 each under 10.0.0.0/8)');
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = JSON.parse(JSON.stringify(templates[i % templates.length]));
    const name = environmentName(i);
    t.name = name;
    t.network = { ...t.network, cidr: `10.${i + 1}.0.0/16` };
    if (t.dns) {
      const zone = t.dns.zoneName;
      t.dns = { ...t.dns, domain: `api.${name}.${zone}` };
      if (Array.isArray(t.dns.alternativeNames)) t.dns.alternativeNames = t.dns.alternativeNames.map((_, j) => `alt${j}.${name}.${zone}`);
    }
    t.tags = { ...(t.tags ?? {}), CostCenter: `helloapi-${name}` };
    out.push(t);
  }
  return out;
}

/** Writes `count` generated environments into a fresh folder `dir` as <name>.json. */
function writeEnvironments(dir, templates, count) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const env of generateEnvironments(templates, count)) {
    fs.writeFileSync(path.join(dir, `${env.name}.json`), JSON.stringify(env, null, 2));
  }
  return dir;
}

module.exports = { loadTemplates, environmentName, generateEnvironments, writeEnvironments };
