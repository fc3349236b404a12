import { defineConfig } from 'tsup';

// An app: the site generator and the dev server, as ESM bundles using the workspace packages' builds.
export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  dts: false,
});
