/** Shared by the command-line tools: which files of a folder to load, and loading them. */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import { initSchema } from '../../src/lib/db/store';
import { loadFiles, type LoadResult } from '../../src/lib/import/loadFiles';

/** CSV and Parquet files of a folder; where both `x.csv` and `x.parquet` exist, the Parquet one. */
export function dataFiles(dir: string): string[] {
  const names = fs.readdirSync(dir).filter((n) => /\.(csv|parquet)$/i.test(n)).sort();
  const stems = new Map<string, string>();
  for (const n of names) {
    const stem = n.replace(/\.(csv|parquet)$/i, '');
    const prev = stems.get(stem);
    if (!prev || /\.parquet$/i.test(n)) stems.set(stem, n);
  }
  return [...stems.values()].map((n) => path.join(dir, n));
}

export async function engineFor(paths: string[]): Promise<{ engine: Engine; load: LoadResult }> {
  const engine = await createNodeEngine();
  await initSchema(engine);
  const load = await loadFiles(engine, paths.map((p) => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) })), 'replace');
  return { engine, load };
}

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
