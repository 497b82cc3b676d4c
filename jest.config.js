// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

/**
 * Unit tests (jsdom). Integration and browser suites have their own configs under tests/.
 * d3 and a few Grafana dependencies ship only ES modules (.mjs): transform them too.
 */
module.exports = {
  ...base,
  setupFiles: ['<rootDir>/jest.globals.js'],
  transform: {
    ...base.transform,
    '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
  },
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/preview/src/**/*.test.{ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/simulator/', '<rootDir>/tests/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/simulator/'],
  // jsdom would pick yaml's ES-module browser build; its CommonJS build is the same code.
  moduleNameMapper: { ...base.moduleNameMapper, '^yaml$': '<rootDir>/node_modules/yaml/dist/index.js' },
  // Scenes objects keep timers (refresh pickers, query runners) that outlive a test; they must not hold the run open.
  forceExit: true,
};
