import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The bundled sample, published by every build the way `npm run snapshot` publishes real data
 * (`sample/snapshot.duckdb` and its pre-computed `first-view.json`), so the default start opens as
 * fast as a published snapshot. Made from `data/` by the snapshot tool itself (one source: `npm run
 * generate`); the page falls back to the sample's Parquet files where it is missing (`npm run dev`).
 */
function sampleSnapshot(): Plugin {
  return {
    name: 'sample-snapshot',
    apply: 'build',
    generateBundle() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-snapshot-'));
      try {
        const out = path.join(dir, 'snapshot.duckdb');
        execFileSync('node', ['--import', 'tsx', 'scripts/snapshot.ts', '--data', 'data', '--out', out], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        this.emitFile({ type: 'asset', fileName: 'sample/snapshot.duckdb', source: fs.readFileSync(out) });
        this.emitFile({ type: 'asset', fileName: 'sample/first-view.json', source: fs.readFileSync(path.join(dir, 'first-view.json')) });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [svelte(), sampleSnapshot()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
  },
  // word-extractor (the .doc form reader, loaded only when a .doc is opened) requires Node's `stream`:
  // in the browser the maintained `readable-stream` package is that module.
  resolve: { alias: { stream: 'readable-stream' } },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  worker: { format: 'es' },
});
