import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    reporters: ['default', './test/closing-line-reporter.ts'],
    // One file at a time: the browser tests and the DuckDB-WASM unit tests each want both cores.
    fileParallelism: false,
    projects: [
      {
        // Svelte's compiler turns runes in *.svelte.ts (filter state) into plain JS for Node.
        plugins: [svelte()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
