import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run test:cluster`: tests that run the pinned Go tools (built on first use). */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/**/*.cluster.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
