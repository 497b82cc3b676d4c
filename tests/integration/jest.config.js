/**
 * Integration tests: a real Prometheus scraping the real simulator on loopback. Node environment, one file
 * at a time (each file starts its own stack), long timeouts because Prometheus needs scraped history.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2021' } }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 240000,
  maxWorkers: 1,
};
