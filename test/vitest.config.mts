import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // Need the Go-built kube-apiserver, Kyverno CLI and Helm: `npm run test:cluster`.
    exclude: ['test/**/*.cluster.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
  },
});
