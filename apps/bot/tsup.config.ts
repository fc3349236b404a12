import { defineConfig } from 'tsup';
import { appConfig } from '../../tsup.base';

export default defineConfig(appConfig(['src/cli.ts', 'src/index.ts'], { banner: { js: '#!/usr/bin/env node' } }));
