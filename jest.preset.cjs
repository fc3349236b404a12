// Shared jest preset: tests run against TypeScript source (no build needed) and
// every `@graph-calling/<pkg>` import resolves to `packages/<pkg>/src`.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  setupFiles: [path.join(__dirname, 'jest.fast-check.cjs')],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
    // jose 6 is ESM-only. Node (>= 20.19) loads it from our CommonJS builds through require(esm);
    // jest's own module loader cannot, so its modules are compiled to CommonJS for the tests.
    '/node_modules/(\\.pnpm/jose@[^/]+/node_modules/)?jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@|jose/))'],
  moduleNameMapper: {
    // The private test helpers (test-support/, a workspace package of TypeScript files).
    '^@graph-calling/test-support/([A-Za-z]+)$': path.join(__dirname, 'test-support/$1.ts'),
    // The docs app's library entry (the bench renders with it).
    '^@graph-calling/docs$': path.join(__dirname, 'apps/docs/src/index.ts'),
    // The sample bot's library entry (the admin bench starts one).
    '^@graph-calling/bot$': path.join(__dirname, 'apps/bot/src/index.ts'),
    '^@graph-calling/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    // Subpath entries (`@graph-calling/notifications/fastify`) map to `src/<subpath>.ts`.
    '^@graph-calling/([a-z-]+)/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'cjs', 'mjs'],
};
