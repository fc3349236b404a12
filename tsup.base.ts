import type { Options } from 'tsup';

/**
 * The one build every publishable package uses: ESM + CJS + `.d.ts`, from `src/index.ts`.
 * Workspace packages are resolved through node_modules (built `dist`), not the source
 * `paths` used by typecheck and jest, so each package's declarations stay its own.
 */
export function libraryConfig(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { paths: {}, baseUrl: '.', composite: false } },
    // No source maps in published builds: they would point at sources the tarball does not carry.
    sourcemap: false,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    tsconfig: 'tsconfig.src.json',
    ...overrides,
  };
}

/** The build of an app (bot, docs): ESM only, no declarations, workspace packages from their builds. */
export function appConfig(entry: string[], overrides: Options = {}): Options {
  return { entry, format: ['esm'], target: 'node20', platform: 'node', sourcemap: true, clean: true, dts: false, ...overrides };
}
