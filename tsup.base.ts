import { basename } from 'node:path';
import type { Options } from 'tsup';

/** tsup's options, with the entries as a list of source files (`src/<name>.ts`). */
export type LibraryOptions = Omit<Options, 'entry'> & { entry?: string[] };

/**
 * The one build every publishable package uses: ESM + CJS + `.d.ts`, from `src/index.ts` (or the `entry` given).
 * The declarations are not compiled again: the package's `build` script first runs `tsc -b tsconfig.src.json`
 * (the build graph `pnpm test` type-checks, so in CI that is already done), and each entry's `.d.ts` in
 * `.tsbuild/src` is bundled into `dist` as `.d.ts` and `.d.cts`. Imports of other workspace packages stay
 * imports of their package names, so each package's declarations stay its own.
 */
export function libraryConfig({ entry = ['src/index.ts'], ...overrides }: LibraryOptions = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: { entry: Object.fromEntries(entry.map((file) => [basename(file, '.ts'), declarationOf(file)])) },
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

/** Where `tsc -b tsconfig.src.json` (rootDir `src`, outDir `.tsbuild/src`) writes the declarations of a source file. */
function declarationOf(file: string): string {
  return file.replace(/^src\//, '.tsbuild/src/').replace(/\.ts$/, '.d.ts');
}
