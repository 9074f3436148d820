/**
 * A plain UTF-8 CSV is read by the engine's own CSV reader (import/staged/csvFast.ts); anything that
 * reader cannot vouch for goes the long way. Both ways must load and say exactly what the row-by-row
 * import does (staged-import.test.ts holds the sample CSV, which takes the engine's way, to that).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { createNodeEngine } from '../../src/lib/engine/node';
import { readCsvStage, scanRecords, stageCsvFast } from '../../src/lib/import/staged/csvFast';
import { byteSource } from '../../src/lib/import/byteSource';
import { looksLikeHeaderRow } from '../../src/lib/contract/headers';
import { DATA, FIXTURES } from './helpers';
import { bothWays, tables } from './importBothWays';

const enc = (s: string) => new TextEncoder().encode(s);
const COMMA = 0x2c;

describe('scanRecords: records as PapaParse splits them, or why the engine cannot take the file', () => {
  it('counts records with quoted line breaks, doubled quotes and CR LF endings', () => {
    const b = enc('a,"b\r\nc ""d""",e\r\nf,g,h\r\n');
    expect(scanRecords(b, 0, COMMA, true, 3, null)).toEqual({ records: 2, end: b.length });
    expect(scanRecords(enc('a,b\nc,d'), 0, COMMA, false, 2, null)).toEqual({ records: 2, end: 7 });
  });
  it('stops after the header, blank lines above it counted', () => {
    const b = enc('标题\n\n报告编号,街镇名称\nR1,华漕镇\n');
    const head = scanRecords(b, 0, COMMA, false, null, 3);
    expect(head).toMatchObject({ records: 3 });
    expect(scanRecords(b, (head as { end: number }).end, COMMA, false, 2, null)).toMatchObject({ records: 1 });
  });
  it.each([
    ['a quote inside a cell', 'a,b"c\n', false, 2],
    ['a quote that never closes', 'a,"b\n', false, 2],
    ['text after a closing quote', 'a,"b"c\n', false, 2],
    ['a record of another width', 'a,b\nc,d,e\n', false, 2],
    ['an empty line', 'a,b\n\nc,d\n', false, 2],
    ['a bare LF in a CR LF file', 'a,b\r\nc,d\n', true, 2],
    ['a CR in an LF file', 'a,b\rc,d\n', false, 2],
  ])('%s: the long way', (_, text, crlf, width) => {
    expect(scanRecords(enc(text), 0, COMMA, crlf, width, null)).toHaveProperty('fail');
  });
});

const small = (f: string) => fs.readFileSync(path.join(FIXTURES, 'small', f), 'utf8');
const file = (name: string, text: string | Uint8Array) => ({ name, bytes: typeof text === 'string' ? enc(text) : text });

/** Whether the engine's reader took `text`, staged into a table of its own. */
async function takenByEngine(name: string, bytes: Uint8Array): Promise<boolean> {
  const engine = await createNodeEngine();
  const stage = await stageCsvFast(
    name,
    byteSource(bytes),
    true,
    (spec) => readCsvStage(engine, 'memory.main.t', spec),
    undefined,
    looksLikeHeaderRow,
  );
  return stage !== null;
}

describe('a CSV the engine reads, and the ones it leaves to the long way', () => {
  it('the sample export (CR LF, line breaks inside quoted cells) is read by the engine', async () => {
    expect(await takenByEngine('projects.csv', new Uint8Array(fs.readFileSync(path.join(DATA, 'projects.csv'))))).toBe(true);
    expect(await takenByEngine('indicators.csv', new Uint8Array(fs.readFileSync(path.join(DATA, 'indicators.csv'))))).toBe(true);
  });

  const projects = small('projects.csv').replace(/\r\n/g, '\n').trimEnd();
  const [header, first] = projects.split('\n');
  const cells = first.split(',');
  const VARIANTS: [string, string][] = [
    ['a 合计 row', `${projects}\n合计,,,,,1000,500,,,,,,,,,,`],
    ['a blank 街镇名称 (a merged cell)', `${projects}\n${['R9', '', ...cells.slice(2)].join(',')}`],
    ['a cell escaped with a leading apostrophe', `${projects}\n${["'=R9", ...cells.slice(1)].join(',')}`],
    ['the header again inside the table', `${projects}\n${header}`],
    ['a title row with a stray quote above the header', `标题"草稿\n${projects}`],
  ];
  it.each(VARIANTS)('%s: read the long way, with the same report and rows as the row-by-row import', async (_, text) => {
    expect(await takenByEngine('projects.csv', enc(text))).toBe(false);
    const { a, b, old, now } = await bothWays(() => [file('projects.csv', text), file('indicators.csv', small('indicators.csv'))]);
    expect(now.reports).toEqual(old.reports);
    expect(await tables(b)).toEqual(await tables(a));
  });

  it('a GBK file is refused by the engine reader as not UTF-8 past the first megabyte, and read the long way', async () => {
    const big = `${projects}\n${Array.from({ length: 8000 }, (_, k) => [`G${k}`, ...cells.slice(1)].join(',')).join('\n')}\n`;
    const head = enc(big.slice(0, big.length - 200));
    const tail = new Uint8Array(iconv.encode(big.slice(big.length - 200), 'gbk'));
    const bytes = new Uint8Array(head.length + tail.length);
    bytes.set(head);
    bytes.set(tail, head.length);
    expect(head.length).toBeGreaterThan(1 << 20);
    expect(await takenByEngine('projects.csv', bytes)).toBe(false);
  });
});
