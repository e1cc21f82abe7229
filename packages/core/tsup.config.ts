import { defineConfig } from 'tsup';

export default defineConfig({
  // The root entry and one per subpath export (package.json `exports`).
  entry: {
    index: 'src/index.ts',
    cache: 'src/cache/index.ts',
    'rate-limit': 'src/rate-limit/index.ts',
    resilience: 'src/policies/index.ts',
    redis: 'src/redis/index.ts',
    models: 'src/models/index.ts',
    transport: 'src/transport/index.ts',
    validation: 'src/validation/index.ts',
    security: 'src/security/index.ts',
    hooks: 'src/hooks/index.ts',
    routes: 'src/routes/index.ts',
    telemetry: 'src/telemetry/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
});
