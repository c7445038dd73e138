/** Removes the run's private TMPDIR (jest.global-setup.js). */
const fs = require('fs');

module.exports = async function globalTeardown() {
  const runTmp = process.env.HELLOAPI_JEST_TMPDIR;
  if (runTmp && !process.env.HELLOAPI_KEEP_TEST_TMP) fs.rmSync(runTmp, { recursive: true, force: true });
};
