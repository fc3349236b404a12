import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Imports point one way (docs: ARCHITECTURE.md). What each workspace's shipped code (src/, tests aside) may
// import of ours; a workspace missing here may import no other workspace. A new package gets a line.
const MAY_IMPORT = {
  'packages/doc-examples': [],
  'packages/models': [],
  'packages/builders': ['models'],
  'packages/notifications': ['models'],
  'packages/transport': ['models', 'builders'],
  // It implements notifications' store, lease and event-sharing contracts; the app is handed a store, never imports it.
  'packages/store-redis': ['models', 'notifications'],
  'packages/app': ['models', 'builders', 'notifications', 'transport'],
  'packages/simulator': ['models', 'builders'],
  'apps/bot': ['app', 'models', 'builders', 'notifications', 'transport', 'simulator', 'store-redis'],
  'apps/docs': ['doc-examples', 'models', 'builders', 'notifications'],
};
// Everywhere: another workspace is imported by its package name, never by a relative path into its files
// (tests and bench included: `@graph-calling/test-support/...`, not `../../../test-support/...`).
const NO_RELATIVE_CROSSING = {
  // `examples/` needs two steps up: one step up from a package's test/ is the package's own examples/.
  regex: '^((\\.\\./)+(packages|apps|bench|test-support)|(\\.\\./){2,}examples)/',
  message: 'Import another workspace by its package name (@graph-calling/...), not by a path into its files.',
};
// …nor into a sibling's sources or tests (`../../models/src/decode` from packages/builders/test).
const NO_SIBLING_SOURCES = {
  regex: '^(\\.\\./){2,}[a-z-]+/(src|test)(/|$)',
  message: 'Import another workspace by its package name (@graph-calling/...), not by a path into its sources or tests.',
};
const importRule = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: [NO_RELATIVE_CROSSING, NO_SIBLING_SOURCES, ...patterns] }],
});
const layerRules = Object.entries(MAY_IMPORT).map(([dir, allowed]) => ({
  files: [`${dir}/src/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: importRule([
    {
      group: ['@graph-calling/*', ...allowed.flatMap((name) => [`!@graph-calling/${name}`, `!@graph-calling/${name}/*`])],
      message: `${dir} may import ${allowed.length ? `only ${allowed.join(', ')}` : 'none'} of our packages (ARCHITECTURE.md).`,
    },
  ]),
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.tsbuild/**', '**/node_modules/**', '**/coverage/**', 'site/**', '.test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        require: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  // TypeScript: the type-aware rules, so a promise nobody awaits or a promise where a callback
  // expects void is an error, not a habit. The types come from one program over every .ts file
  // (tsconfig.eslint.json): the build graph's projects share their options, and one program checks each file
  // once, where a program per project (projectService) checks the packages every dependant includes again and
  // takes about twice the CPU.
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // `interface Call extends t.TypeOf<typeof CallCodec> {}` names a codec's type (packages/models).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `ignoreVoid: false`: `void promise` only silences the linter, it does not handle a rejection, which
      // then surfaces as an unhandledRejection (and kills the process under Node's default mode). A promise
      // that is deliberately not awaited must say what happens when it rejects: `.catch(...)` with a reason.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Tests (and their helpers in test-support) only: jest's asymmetric matchers (`expect.any(String)`, `expect.stringContaining(…)`) are typed
    // `any` by @types/jest, and tests read response JSON loosely to assert on it; the assertion is the check.
    // Shipped code (src/) keeps every no-unsafe-* rule.
    files: ['**/test/**/*.ts', '**/*.test.ts', 'test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ['**/*.{ts,js,mjs,cjs}'], rules: importRule([]) },
  ...layerRules,
  {
    // The docs site's browser script.
    files: ['apps/docs/assets/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        localStorage: 'readonly',
        window: 'readonly',
        location: 'readonly',
        history: 'readonly',
        URLSearchParams: 'readonly',
        CSS: 'readonly',
      },
    },
  },
);
