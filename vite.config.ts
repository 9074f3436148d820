import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

/** Start downloading the engine with the HTML, so it arrives in the HTTP cache before the worker asks. */
function preloadEngine(): Plugin {
  return {
    name: 'preload-engine',
    apply: 'build',
    transformIndexHtml(_html, ctx) {
      const wasm = Object.keys(ctx.bundle ?? {}).find((f) => /duckdb-eh.*\.wasm$/.test(f));
      const worker = Object.keys(ctx.bundle ?? {}).find((f) => /duckdb-browser-eh\.worker.*\.js$/.test(f));
      return [wasm, worker].filter((f): f is string => !!f).map((f) => ({
        tag: 'link',
        attrs: { rel: 'preload', href: `./${f}`, as: 'fetch', crossorigin: '' },
        injectTo: 'head' as const,
      }));
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [svelte(), preloadEngine()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  worker: { format: 'es' },
});
