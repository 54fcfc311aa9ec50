/** One jest run for everything that needs no browser: core, local cloud conformance, function integration, components. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/test', '<rootDir>/src', '<rootDir>/emulator', '<rootDir>/cloudfunctions'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/'],
  moduleNameMapper: {
    '^@core/(.*)$': '<rootDir>/core/$1',
    '^@/(.*)$': '<rootDir>/src/$1'
  },
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  testTimeout: 30000
}
