/** Node-side suites that need no running stack: the build check and the rule files (promtool). */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/build/**/*.test.ts', '<rootDir>/tests/rules/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021' } }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 120000,
};
