import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../src/lib/engine/node';
import { initSchema } from '../../src/lib/db/store';
import { commitPrepared, prepareFile, prepareStaged } from '../../src/lib/import/loadFiles';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetMetadata } from 'hyparquet';
import { importFile } from '../../src/lib/import/importFile';
import { readCsv, type RawRecord, type RawTable } from '../../src/lib/import/readTable';
import { csvChunks, MAX_RECORD_CHARS, type CsvRecord } from '../../src/lib/import/csvRecords';
import { byteSource } from '../../src/lib/import/byteSource';
import { FIXTURES } from './helpers';

const file = (name: string) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'small', name))) });

describe('a CSV export is staged as raw cells and normalised in the engine', () => {
  it('six indicator rows: staged as they are read, normalised at commit, stored in file order', async () => {
    const prepared = (await prepareFile(file('indicators.csv'), undefined, 2))[0];
    expect(prepared.stage?.kind).toBe('indicators');
    expect(prepared.batch.raw).toHaveLength(1);
    expect(prepared.batch.indicators).toEqual([]);
    expect(prepared.report.rowsRead).toBe(6);
    const engine = await createNodeEngine();
    await initSchema(engine);
    const r = await commitPrepared(engine, [(await prepareFile(file('projects.csv')))[0], prepared], 'replace');
    expect(r.indicators).toBe(6);
    expect(r.reports[1].rowsLoaded).toBe(6);
    const rows = await engine.query<{ n: number; rows: string }>(
      "SELECT count(*) AS n, string_agg(CAST(source_row AS VARCHAR), ',' ORDER BY seq) AS rows FROM indicators",
    );
    expect(rows[0]).toEqual({ n: 6, rows: '2,3,4,5,6,7' });
  });
});

describe('Parquet is decoded a row group at a time', () => {
  const n = 30;
  const col = (name: string, f: (i: number) => string) => ({
    name,
    type: 'STRING' as const,
    data: Array.from({ length: n }, (_, i) => f(i)),
  });
  const file = () =>
    new Uint8Array(
      parquetWriteBuffer({
        rowGroupSize: 10,
        columnData: [
          col('report_id', (i) => `R${i}`),
          col('level1', () => '产出指标'),
          col('level2', () => '数量指标'),
          col('level3', (i) => `指标${i}`),
          col('annual_target', () => '100'),
          col('actual', () => '90'),
        ],
      }),
    );

  it('reads every group, numbering rows across them', async () => {
    const r = await importFile('groups.parquet', file());
    expect(r.report.rowsRead).toBe(30);
    expect(r.indicators.map((i) => i.source_row)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('a row group that cannot be decoded refuses the whole file, naming the row it starts at', async () => {
    const bytes = file();
    const meta = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(meta.row_groups).toHaveLength(3);
    const off = Number(meta.row_groups[2].columns[3].meta_data!.data_page_offset);
    bytes.fill(0xff, off, off + 6); // the third group's page header
    const r = await importFile('broken.parquet', bytes);
    expect(r.report.status).toBe('refused');
    expect(r.report.refusedReason).toMatch(/^无法读取「broken\.parquet」第 21 行起的数据：.+。整个文件未载入。$/);
    const p = (await prepareFile({ name: 'broken.parquet', bytes }, undefined, 5))[0];
    expect(p.batch.indicators).toEqual([]);
    expect(p.indicators).toBe(0);
  });
});

describe('indicator chunks are staged in the engine as they are made', () => {
  const stages = async (engine: Awaited<ReturnType<typeof createNodeEngine>>) =>
    (
      await engine.query<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE '\\_stage%' ESCAPE '\\'")
    )[0].n;

  it("staged rows reach indicators on commit; a refused file's staged rows are dropped and change nothing", async () => {
    const engine = await createNodeEngine();
    await initSchema(engine);
    const ok = (await prepareStaged(engine, file('indicators.csv'), undefined, 4))[0];
    expect(ok.batch.indicators).toEqual([]);
    expect(ok.batch.rawStage).toMatch(/^memory\.main\._stage_indicators_/);
    expect(await stages(engine)).toBe(1);
    await commitPrepared(engine, [(await prepareStaged(engine, file('projects.csv')))[0], ok], 'replace');
    expect(await stages(engine)).toBe(0);
    const count = async () => (await engine.query<{ n: number }>('SELECT count(*) AS n FROM indicators'))[0].n;
    expect(await count()).toBe(6);

    // A Parquet file whose third row group is broken: its first 20 rows were staged, then it was refused.
    const n = 30;
    const col = (name: string, f: (i: number) => string) => ({
      name,
      type: 'STRING' as const,
      data: Array.from({ length: n }, (_, i) => f(i)),
    });
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        rowGroupSize: 10,
        columnData: [
          col('report_id', (i) => `R${i}`),
          col('level1', () => '产出指标'),
          col('level2', () => '数量指标'),
          col('level3', (i) => `指标${i}`),
          col('annual_target', () => '100'),
          col('actual', () => '90'),
        ],
      }),
    );
    const off = Number(parquetMetadata(bytes.buffer as ArrayBuffer).row_groups[2].columns[3].meta_data!.data_page_offset);
    bytes.fill(0xff, off, off + 6);
    const broken = (await prepareStaged(engine, { name: 'broken.parquet', bytes }, undefined, 5))[0];
    expect(broken.report.status).toBe('refused');
    expect(await stages(engine)).toBe(1);
    const r = await commitPrepared(engine, [broken], 'replace');
    expect(r.changed).toBe(false);
    expect(await stages(engine)).toBe(0);
    expect(await count()).toBe(6); // replace with only a refused file: the data stays as it was
  });
});

describe('CSV is decoded and parsed a piece at a time', () => {
  const collect = async (pieces: Iterable<string>, size: number) => {
    const chunks: CsvRecord[][] = [];
    for await (const c of csvChunks(pieces, size)) chunks.push(c);
    return chunks;
  };
  const split = (text: string, at: number) =>
    Array.from({ length: Math.ceil(text.length / at) }, (_, i) => text.slice(i * at, (i + 1) * at));

  it('wherever the text is cut and however many records a chunk holds: the same records (blank lines, quoted line breaks, CRLF, a quote that never closes)', async () => {
    const text = '报告编号,指标\r\nR1,"a\r\nb"\r\n\r\nR2,"x""y"\r\nR4,ok\r\n\r\nR5,"c\nd",extra\r\nR3,"never closed\r\nR6,last';
    const all = (await collect([text], 1_000_000)).flat();
    expect(all.map((r) => r.cells)).toEqual([
      ['报告编号', '指标'],
      ['R1', 'a\r\nb'],
      [''],
      ['R2', 'x"y'],
      ['R4', 'ok'],
      [''],
      ['R5', 'c\nd', 'extra'],
      ['R3', '"never closed'],
      ['R6', 'last'],
    ]);
    expect(all[7].problem).toMatch(/引号不配对/);
    expect(all.filter((r) => r.problem)).toHaveLength(1);
    for (const size of [1, 2, 3, 5]) {
      const chunks = await collect([text], size);
      expect(chunks.flat()).toEqual(all);
      expect(chunks.length).toBeGreaterThan(1);
    }
    for (let at = 1; at <= text.length; at++) {
      expect((await collect(split(text, at), 3)).flat(), `pieces of ${at} characters`).toEqual(all);
    }
    // Cut once at every position (a CRLF, a doubled quote, a quoted line break split in two).
    for (let i = 1; i < text.length; i++) expect((await collect([text.slice(0, i), text.slice(i)], 4)).flat()).toEqual(all);
  });

  it('a quote that does not close within a record of 1 M characters rejects its line only, and the rest of the file is read', async () => {
    // The stray quote after A would close only on line Q, more than 1 M characters later.
    const filler = Array.from({ length: 30_000 }, (_, i) => `F${i},plain ${'x'.repeat(30)}`).join('\n');
    const text = `id,v\nA,"open\nB,2\n${filler}\nQ,end"\nZ,last`;
    expect(text.length).toBeGreaterThan(MAX_RECORD_CHARS);
    const whole = (await collect([text], 50_000)).flat();
    const pieces = (await collect(split(text, 100_003), 7_000)).flat();
    expect(pieces).toEqual(whole);
    expect(whole[1]).toEqual({ cells: ['A', '"open'], problem: expect.stringMatching(/引号不配对/) });
    expect(whole.map((r) => r.cells[0])).toEqual(['id', 'A', 'B', ...Array.from({ length: 30_000 }, (_, i) => `F${i}`), 'Q', 'Z']);
  });

  it('a broken line longer than the text read so far is skipped to its end, even when a CRLF is split between pieces', async () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 5000);
    const text = `id,v\r\nA,"${long}\r\nB,2\r\nC,3`;
    const whole = (await collect([text], 50_000)).flat();
    expect(whole.map((r) => r.cells[0])).toEqual(['id', 'A', 'B', 'C']);
    expect(whole[1].problem).toMatch(/引号不配对/);
    expect(whole[1].cells.join(',').length).toBeLessThan(3000); // shown shortened, not 1 M characters
    const cr = text.indexOf('\r\nB') + 1; // between the "\r" and the "\n" that end the long line
    for (const pieces of [
      [text.slice(0, cr), text.slice(cr)],
      split(text, 300_007),
      [text.slice(0, 500_000), text.slice(500_000, cr), text.slice(cr)],
    ]) {
      expect((await collect(pieces, 50_000)).flat()).toEqual(whole);
    }
  });

  it('the file read from bytes in pieces of a few bytes (UTF-8, GBK and UTF-16 characters split between pieces) gives the same table as read whole', async () => {
    const csv = '报告编号,街镇名称,指标\r\nR1,七宝镇,"产出，数量"\r\nR2,莘庄镇,满意度≥90%\r\n';
    const gbk = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'bad', 'gbk-projects.csv')));
    const utf16 = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'bad', 'unicode-text-projects.txt')));
    for (const bytes of [new TextEncoder().encode(csv), gbk, new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]), utf16]) {
      const whole = await readCsv(byteSource(bytes));
      if (whole.error !== undefined) throw new Error(whole.error);
      const rows = async (t: RawTable) => {
        const out: RawRecord[] = [];
        for await (const c of t.chunks()) out.push(...c);
        return out;
      };
      const expected = await rows(whole.table);
      for (const piece of [1, 2, 3, 5, 8]) {
        for (const src of [byteSource(bytes), byteSource(new Blob([bytes]))]) {
          const progress: string[] = [];
          const r = await readCsv(src, { pieceBytes: piece, onProgress: (m) => progress.push(m), name: 'x.csv' });
          expect(progress[0]).toMatch(/^正在检查 x\.csv：已读 \d+ \/ \d+ MB$/);
          if (r.error !== undefined) throw new Error(r.error);
          expect({ encoding: r.table.encoding, headers: r.table.headers, rowCount: r.table.rowCount }).toEqual({
            encoding: whole.table.encoding,
            headers: whole.table.headers,
            rowCount: whole.table.rowCount,
          });
          expect(await rows(r.table)).toEqual(expected);
        }
      }
    }
  });
});
