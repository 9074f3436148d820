/** Shared by the unit tests: one real DuckDB-WASM engine per test file, loaded from real files. */
import path from 'node:path';
import { repoRoot } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import type { LoadResult } from '../../src/lib/import/loadFiles';
import { engineFor } from '../../scripts/cli/dataDir';

export const DATA = path.join(repoRoot, 'data');
export const FIXTURES = path.join(repoRoot, 'test', 'fixtures');

/** The same loader as the command-line tools: a fresh engine with these files. */
export function engineWith(paths: string[]): Promise<{ engine: Engine; load: LoadResult }> {
  return engineFor(paths);
}

/** Rows without where they came from: the same form read from two files compares equal. */
export const withoutSource = (rows: object[]) => rows.map((r) => ({ ...r, source_file: '', source_row: 0 }));
