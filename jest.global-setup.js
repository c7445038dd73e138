/**
 * Once per `jest` run, before any worker starts (workers inherit this process's environment):
 *
 * - A private TMPDIR for the run, removed by jest.global-teardown.js: the tests write synthesized
 *   stacks, packed tarballs, consumer installs and Terraform working folders under os.tmpdir(), and
 *   nothing of it is needed after the run (a leftover /tmp also slows the provider-mirror search).
 * - The provider mirror, detected once (`find /` costs ~1-2 s of CPU, and every Terraform suite asked)
 *   and passed on as TF_PROVIDER_MIRROR, unless that is set already. When detection fails it stays
 *   unset and each Terraform suite reports why, as before.
 * - Whether the apply tier (`__tests__/apply/*.apply.test.ts`, issue 22) runs, passed on as
 *   HELLOAPI_APPLY_TIER (`run`, or `skip: <why>`): under CI=true it always runs, and a machine without the
 *   emulator (Python with moto[server] 5.2.1) fails the run here; elsewhere it runs when the emulator is
 *   installed and otherwise says once how to get it. HELLOAPI_APPLY_TIER=off skips it on purpose (outside CI).
 * - HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS=1 for the Terraform suites: run() (scripts/terraform.ts) drops the provider
 *   checksums from each lock file its `terraform init` writes, so later commands do not hash the provider again.
 * - One AWS provider process for the schema-only Terraform commands of every suite (validate, show -json),
 *   passed on as HELLOAPI_TF_SCHEMA_SERVER and stopped by jest.global-teardown.js: scripts/terraform.ts
 *   (startSchemaServer) says why and why plans never use it. HELLOAPI_TF_SCHEMA_SERVER=off does without it;
 *   should it fail to start, the run goes on without it (each command starts its own provider, as before).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup(globalConfig) {
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-jest-'));
  process.env.HELLOAPI_JEST_TMPDIR = runTmp;
  process.env.TMPDIR = runTmp;
  const selected = globalConfig && globalConfig.selectProjects;
  const terraformSuitesRun = !selected || selected.includes('terraform') || selected.includes('apply');
  if (terraformSuitesRun && !process.env.TF_PROVIDER_MIRROR) {
    const compiled = path.join(__dirname, 'dist', 'scripts', 'terraform.js');
    try {
      // npm test builds dist/ first; a bare `jest` without it just searches per suite.
      if (fs.existsSync(compiled)) process.env.TF_PROVIDER_MIRROR = require(compiled).findProviderMirror({});
    } catch {
      // No mirror on this machine: the Terraform suites say so themselves.
    }
  }
  // The apply tier runs Terraform through the cdktf CLI only, never run(): it would leave the shared provider idle.
  const schemaCommandsRun = !selected || selected.includes('terraform');
  // Lock files without provider checksums after each init (scripts/terraform.ts, LOCK_WITHOUT_CHECKSUMS_ENV): no
  // hashing of the 700 MB provider before every later command. `0` keeps the checksums.
  if (schemaCommandsRun && process.env.HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS === undefined) process.env.HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS = '1';
  if (schemaCommandsRun && process.env.TF_PROVIDER_MIRROR && !process.env.HELLOAPI_TF_SCHEMA_SERVER) await startSchemaServer();
  const applyTierRuns = !selected || selected.includes('apply');
  if (applyTierRuns) process.env.HELLOAPI_APPLY_TIER = applyTierDecision(process.env);
};

/** `run` or `skip: <why>`; throws under CI=true when the emulator is missing. */
function applyTierDecision(env) {
  const ci = env.CI === 'true' || env.CI === '1';
  if (!ci && /^(off|0|false|skip)$/i.test(env.HELLOAPI_APPLY_TIER || '')) return 'skip: HELLOAPI_APPLY_TIER=off';
  const compiled = path.join(__dirname, 'dist', 'scripts', 'emulator', 'moto.js');
  if (!fs.existsSync(compiled)) {
    if (ci) throw new Error(`apply tier: ${compiled} is missing; run npm test (it builds first)`);
    return 'skip: dist/ not built (npm test builds it)';
  }
  const check = require(compiled).checkMoto(env);
  if (check.available) return 'run';
  if (ci) throw new Error(`apply tier (CI=true): the AWS API emulator is not available: ${check.reason}`);
  process.stdout.write(`\napply tier skipped: ${check.reason}\n`);
  return `skip: ${check.reason}`;
}

/** Starts the shared schema server (scripts/terraform.ts) and records it for the teardown. */
async function startSchemaServer() {
  const compiled = path.join(__dirname, 'dist', 'scripts', 'terraform.js');
  if (!fs.existsSync(compiled)) return;
  const terraform = require(compiled);
  try {
    const server = await terraform.startSchemaServer(process.env.TF_PROVIDER_MIRROR);
    process.env[terraform.SCHEMA_SERVER_ENV] = server.reattach;
    globalThis.__helloapiSchemaServer = server;
  } catch (e) {
    process.stdout.write(`\nshared provider for validate/show not started (each command starts its own): ${e.message}\n`);
  }
}
