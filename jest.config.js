/** Jest runs TypeScript through swc (transpile only); `npm run typecheck` type-checks tests. */
const os = require('os');
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      setupFilesAfterEnv: ['<rootDir>/__tests__/bench/fast-synth.setup.ts'],
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.tf\\.test\\.ts$', '\\.apply\\.test\\.ts$'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      setupFilesAfterEnv: ['<rootDir>/__tests__/bench/fast-synth.setup.ts'],
      testMatch: ['<rootDir>/__tests__/**/*.tf.test.ts'],
    },
    {
      // The apply tier (issue 22): the Deploy runbook against an AWS API emulator. jest.global-setup.js decides
      // whether it runs (CI: always, a missing emulator fails; elsewhere when moto is installed). `npm run test:apply`.
      displayName: 'apply',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/apply/**/*.apply.test.ts'],
    },
  ],
  testSequencer: '<rootDir>/jest.sequencer.js',
  globalSetup: '<rootDir>/jest.global-setup.js',
  globalTeardown: '<rootDir>/jest.global-teardown.js',
  testTimeout: 600000,
  // At least 2 workers: jest's default (CPUs - 1) runs a 2-CPU machine in band, one file at a time,
  // while Terraform-bound files mostly wait on child processes (bench/README.md has the measurement).
  maxWorkers: Math.max(2, (os.availableParallelism ? os.availableParallelism() : os.cpus().length) - 1),
};
