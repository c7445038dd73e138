/**
 * Once per `jest` run, before any worker starts (workers inherit this process's environment):
 *
 * - A private TMPDIR for the run, removed by jest.global-teardown.js: the tests write synthesized
 *   stacks, packed tarballs, consumer installs and Terraform working folders under os.tmpdir(), and
 *   nothing of it is needed after the run (a leftover /tmp also slows the provider-mirror search).
 * - The provider mirror, detected once (`find /` costs ~1-2 s of CPU, and every Terraform suite asked)
 *   and passed on as TF_PROVIDER_MIRROR, unless that is set already. When detection fails it stays
 *   unset and each Terraform suite reports why, as before.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup(globalConfig) {
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-jest-'));
  process.env.HELLOAPI_JEST_TMPDIR = runTmp;
  process.env.TMPDIR = runTmp;
  const selected = globalConfig && globalConfig.selectProjects;
  const terraformSuitesRun = !selected || selected.includes('terraform');
  if (terraformSuitesRun && !process.env.TF_PROVIDER_MIRROR) {
    const compiled = path.join(__dirname, 'dist', 'scripts', 'terraform.js');
    try {
      // npm test builds dist/ first; a bare `jest` without it just searches per suite.
      if (fs.existsSync(compiled)) process.env.TF_PROVIDER_MIRROR = require(compiled).findProviderMirror({});
    } catch {
      // No mirror on this machine: the Terraform suites say so themselves.
    }
  }
};
