import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Node 20 parses every root certificate, and the whole NODE_EXTRA_CA_CERTS bundle when that is
// set, at the start of each process (80 ms here); no test makes a TLS connection that would use
// them, and the synth command lines the tests start run as `npm run synth` does, without it.
delete process.env.NODE_EXTRA_CA_CERTS;

// Need the Go-built kube-apiserver, Kyverno CLI and Helm: `npm run test:cluster`.
const exclude = ['test/**/*.cluster.test.ts', '**/node_modules/**'];
// vi.mock replaces a module for the whole module cache: these files get their own.
const mocking = ['test/synth/validate-once.test.ts'];

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    testTimeout: 30_000,
    // Vitest leaves one core free by default; on a 2-core machine that halves the run.
    maxWorkers: availableParallelism(),
    // Transformed modules (6.9 MB of generated imports/ among them) cached on disk between runs,
    // keyed by content, under node_modules/ (never committed).
    experimental: { fsModuleCache: true },
    projects: [
      // Loading cdk8s, cdk8s-plus-30 and imports/ takes about a second per file: files that
      // neither mock modules nor change shared state share one module cache per worker.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...exclude, ...mocking], isolate: false, pool: 'threads' } },
      { extends: true, test: { name: 'isolated', include: mocking, exclude } },
    ],
  },
});
