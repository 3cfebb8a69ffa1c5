/** One Jest run covers the whole repo: domain specs, contract suites, end to end. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  // The console is a browser app with its own build (Vite); test/e2e/console.e2e.spec.ts drives it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'],
  modulePathIgnorePatterns: ['<rootDir>/apps/console/dist/'],
  // isolatedModules: transpile only (types are checked by `npm run typecheck`), with the
  // decorator metadata Nest's dependency injection needs.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleNameMapper: {
    '^@ledger/(domain|application|infrastructure|worker|runtime)$': '<rootDir>/libs/$1/src',
    '^@ledger/(domain|application|infrastructure|worker|runtime)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
