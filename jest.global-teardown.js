/** Stops the shared schema server and removes the run's private TMPDIR (jest.global-setup.js). */
const fs = require('fs');

module.exports = async function globalTeardown() {
  const server = globalThis.__helloapiSchemaServer;
  if (server) {
    await server.stop();
    delete globalThis.__helloapiSchemaServer;
    if (process.env.HELLOAPI_TF_SCHEMA_SERVER === server.reattach) delete process.env.HELLOAPI_TF_SCHEMA_SERVER;
  }
  const runTmp = process.env.HELLOAPI_JEST_TMPDIR;
  if (runTmp && !process.env.HELLOAPI_KEEP_TEST_TMP) fs.rmSync(runTmp, { recursive: true, force: true });
};
