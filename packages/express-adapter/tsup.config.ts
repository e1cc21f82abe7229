import { defineConfig } from 'tsup';

export default defineConfig({
  // `node` is the subpath `@bulwark/express-adapter/node`, which must not load Express;
  // `keys` is `@bulwark/express-adapter/keys`, the key store.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', keys: 'src/keys/index.ts' },
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
});
