/**
 * The two imports side by side, for the tests that hold the staged import to the row-by-row one: the
 * same files loaded each way into an engine of its own, and the stored rows to compare.
 */
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import { initSchema } from '../../src/lib/db/store';
import { importFile } from '../../src/lib/import/importFile';
import { commitPrepared, loadFiles, preparedOf, type InputFile, type PreparedFile } from '../../src/lib/import/loadFiles';

/** The row-by-row import, committed the same way. */
export async function rowByRow(engine: Engine, files: InputFile[]) {
  const prepared: PreparedFile[] = [];
  for (const f of files) prepared.push(preparedOf(await importFile(f.name, f.bytes.slice())));
  return commitPrepared(engine, prepared, 'replace');
}

/** The same files loaded both ways (`a`: row by row, `b`: staged), each into an engine of its own. */
export async function bothWays(files: () => InputFile[]) {
  const a = await createNodeEngine();
  await initSchema(a);
  const b = await createNodeEngine();
  await initSchema(b);
  const old = await rowByRow(a, files());
  const now = await loadFiles(b, files(), 'replace');
  return { a, b, old, now };
}

/** The stored rows in file order, without the load counter. */
export async function tables(engine: Engine) {
  const p = await engine.query('SELECT * EXCLUDE (load_seq) FROM projects ORDER BY source_file, source_row');
  const i = await engine.query('SELECT * EXCLUDE (load_seq) FROM indicators ORDER BY source_file, source_row');
  return { p, i };
}
