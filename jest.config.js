/** One jest run over every package, the server and the cross-cutting tests in test/. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/server', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // jest's module system cannot require() ES modules, so these ESM-only dependencies are transpiled too.
  transformIgnorePatterns: [
    '/node_modules/(?!(bpmn-moddle|moddle|moddle-xml|min-dash|saxen|feelin|lezer-feel|temporal-polyfill|temporal-spec|temporal-utils)/)',
  ],
  moduleNameMapper: {
    '^@pm/([a-z-]+)$': '<rootDir>/packages/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  testTimeout: 30000,
};
