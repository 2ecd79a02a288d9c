import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli/main.ts', index: 'src/index.ts', simulator: 'src/simulator/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  // Optional: the server image leaves the embedded database out, and the CLI says so when it is missing.
  external: ['@electric-sql/pglite'],
});
