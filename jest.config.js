/** Jest runs TypeScript through swc (transpile only); `npm run typecheck` type-checks tests. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.tf\\.test\\.ts$'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/**/*.tf.test.ts'],
    },
  ],
  testTimeout: 600000,
};
