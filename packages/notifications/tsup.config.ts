import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

export default defineConfig(
  libraryConfig({
    entry: ['src/index.ts', 'src/fastify.ts'],
    // `@internal` members (the verifier's jose-typed key resolver) stay out of the declarations.
    dts: { compilerOptions: { paths: {}, baseUrl: '.', composite: false, stripInternal: true } },
  }),
);
