import { defineConfig } from 'tsup';

// An app, not a library: one ESM bundle per entry, workspace packages resolved from their builds.
export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  dts: false,
  banner: { js: '#!/usr/bin/env node' },
});
