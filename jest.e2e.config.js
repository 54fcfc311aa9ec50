/** Browser tests: the H5 build in headless Chromium against a local cloud started by each test file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@core/(.*)$': '<rootDir>/core/$1',
    '^@/(.*)$': '<rootDir>/src/$1'
  },
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  globalSetup: '<rootDir>/test/e2e/support/build.ts',
  testTimeout: 120000,
  maxWorkers: 1
}
