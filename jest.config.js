/** One Jest run covers the whole repo: domain specs, contract suites, e2e. */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@ledger/(domain|application|infrastructure)$': '<rootDir>/libs/$1/src',
    '^@ledger/(domain|application|infrastructure)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
