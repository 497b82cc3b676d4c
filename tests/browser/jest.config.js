/** Browser tests: Debian's Chromium driven by playwright-core against the preview host and a real stack. */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021' } }] },
  moduleNameMapper: { '\\.(css|svg)$': '<rootDir>/tests/browser/empty.js' },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 240000,
  maxWorkers: 1,
};
