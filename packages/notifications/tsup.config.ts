import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// `@internal` members (the verifier's jose-typed key resolver) stay out of the declarations: `stripInternal`
// in tsconfig.src.json, whose declarations the build bundles.
export default defineConfig(libraryConfig({ entry: ['src/index.ts', 'src/fastify.ts'] }));
