/** Shared by the unit tests: one real DuckDB-WASM engine per test file, loaded from real files. */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngine, repoRoot } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import { loadFiles, type LoadResult } from '../../src/lib/import/loadFiles';
import { initSchema } from '../../src/lib/db/store';

export const DATA = path.join(repoRoot, 'data');
export const FIXTURES = path.join(repoRoot, 'test', 'fixtures');

export function file(p: string): { name: string; bytes: Uint8Array } {
  return { name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) };
}

export async function engineWith(paths: string[]): Promise<{ engine: Engine; load: LoadResult }> {
  const engine = await createNodeEngine();
  await initSchema(engine);
  const load = await loadFiles(engine, paths.map(file), 'replace');
  return { engine, load };
}
