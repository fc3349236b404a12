import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

export default defineConfig(libraryConfig({ entry: ['src/index.ts', 'src/fastify.ts'] }));
