import { defineConfig } from 'tsup';
import { appConfig } from '../../tsup.base';

// The admin worker has its own entry (dist/admin/adminWorker.js): a worker thread starts from a file.
export default defineConfig(
  appConfig(['src/cli.ts', 'src/index.ts', 'src/admin/adminWorker.ts'], { banner: { js: '#!/usr/bin/env node' } }),
);
