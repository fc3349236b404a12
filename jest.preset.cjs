// Shared jest preset: tests run against TypeScript source (no build needed) and
// every `@graph-calling/<pkg>` import resolves to `packages/<pkg>/src`.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
  },
  moduleNameMapper: {
    '^@graph-calling/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    // Subpath entries (`@graph-calling/notifications/fastify`) map to `src/<subpath>.ts`.
    '^@graph-calling/([a-z-]+)/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'cjs', 'mjs'],
};
