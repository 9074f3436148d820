/**
 * The text rule (parseText: line endings unified, trimmed as JavaScript trims, blank → NULL) is skipped
 * for a column the import saw to need it nowhere (import/staged/textRule.ts). What "needs it" means must
 * be exactly what String.prototype.trim and the CR rule change — for every character, in every way a
 * file is read: a CSV's bytes, an Arrow row group, the long way's strings.
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { columnsToIPC } from '../../src/lib/db/arrow';
import { JS_SPACE, edgeSpaceBytes, needsTextRule, textRuleColumns } from '../../src/lib/import/staged/textRule';
import { scanRecords, stageCsvFast, type CsvFastSpec } from '../../src/lib/import/staged/csvFast';
import { byteSource } from '../../src/lib/import/byteSource';
import { looksLikeHeaderRow } from '../../src/lib/contract/headers';
import { parseText } from '../../src/lib/contract/values';
import { bothWays, tables } from './importBothWays';

const enc = (s: string) => new TextEncoder().encode(s);
const changes = (s: string) => parseText(s) !== (s === '' ? null : s);
const bytesSay = (s: string) => {
  const b = enc(`«${s}»`); // the value in the middle of a buffer, as in a file
  const start = enc('«').length;
  return edgeSpaceBytes(b, start, b.length - enc('»').length) || s.includes('\r');
};

describe('which values the text rule changes', () => {
  it('agrees with parseText for every character of the Basic Multilingual Plane, alone, before and after text', () => {
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      for (const s of [ch, `${ch}字`, `字${ch}`, `字${ch}字`]) {
        if (needsTextRule(s) !== changes(s)) wrong.push(`string ${cp.toString(16)} in ${JSON.stringify(s)}`);
        if (bytesSay(s) !== changes(s)) wrong.push(`bytes ${cp.toString(16)} in ${JSON.stringify(s)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('names every space JavaScript trims; a character ending in the same byte as one (耀, 0xE8 0x80 0x80) is not one', () => {
    for (const c of JS_SPACE) expect(String.fromCodePoint(c).trim()).toBe('');
    expect(bytesSay('耀')).toBe(false);
    expect(bytesSay('\u3000耀')).toBe(true);
    expect(bytesSay('a b')).toBe(false);
    expect(bytesSay('')).toBe(false);
    expect(bytesSay('行\r\n行')).toBe(true);
  });
});

describe('columns seen to need the rule, where the file is read', () => {
  it('an Arrow row group: only its text columns, dirty where one value is', () => {
    const t = tableFromIPC(
      columnsToIPC([
        ['a', 'utf8', ['甲', null, '乙耀']],
        ['b', 'utf8', ['甲', '乙 ', null]],
        ['c', 'utf8', ['回车\r\n', '丙', '丁']],
        ['n', 'float64', [1, 2, 3]],
      ]),
    );
    expect(textRuleColumns(t)).toEqual({ text: ['a', 'b', 'c'], dirty: ['b', 'c'] });
    // A slice (a batch that starts part-way into its buffers) is read from its own offset.
    expect(textRuleColumns(t.slice(0, 1))).toEqual({ text: ['a', 'b', 'c'], dirty: ['c'] });
  });
  it('a CSV scan: unquoted and quoted cells, a CR LF kept inside quotes', () => {
    const dirty: boolean[] = [];
    const b = enc('甲,乙,"丙",丁\r\n耀,　乙,"丙\r\n丙",丁\r\n');
    expect(scanRecords(b, 0, 0x2c, true, 4, null, dirty)).toEqual({ records: 2, end: b.length });
    expect([0, 1, 2, 3].map((i) => dirty[i] === true)).toEqual([false, true, true, false]);
    // A cell beginning with ' (a formula escaped by our own exports): the long way, quoted or not.
    expect(scanRecords(enc("a,b\nc,'d\n"), 0, 0x2c, false, 2, null, [])).toHaveProperty('fail');
    expect(scanRecords(enc('a,b\n"\'c",d\n'), 0, 0x2c, false, 2, null, [])).toHaveProperty('fail');
    expect(scanRecords(enc("a,b\nc, 'd\n"), 0, 0x2c, false, 2, null, [])).toMatchObject({ records: 2 });
    const last: boolean[] = [];
    scanRecords(enc('a,b\nc,d '), 0, 0x2c, false, 2, null, last); // the last cell, no line end after it
    expect([last[0] === true, last[1] === true]).toEqual([false, true]);
  });
  it("the engine's CSV way: clean columns listed, loaded exactly as the row-by-row import loads them", async () => {
    const head = '报告编号,一级指标,二级指标,三级指标,年度指标值,应完成值,完成值,偏差情况,偏差原因,纠偏措施';
    const rows = [
      'R1,产出目标, 数量目标,指标1,100%,90%,耀,无,"原因\r\n第二行",措施',
      'R1,产出目标,质量目标　,指标2,100%,90%,85%,无,原因,\t措施',
    ];
    const file = enc(`${head}\r\n${rows.join('\r\n')}\r\n`);
    const stage = await stageCsvFast('指标.csv', byteSource(file), true, async (_: CsvFastSpec) => true, undefined, looksLikeHeaderRow);
    expect(stage?.cleanText).toEqual(['"c0"', '"c1"', '"c3"', '"c4"', '"c5"', '"c6"', '"c7"']);
    const projects = enc(
      '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,已执行数（元）\r\nR1,华漕镇,项目,单位,2024年1月1日---2024年8月31日,100,50\r\n',
    );
    const files = () => [
      { name: '项目.csv', bytes: projects.slice() },
      { name: '指标.csv', bytes: file.slice() },
    ];
    const { a, b, old, now } = await bothWays(files);
    expect(now.reports).toEqual(old.reports);
    const [ta, tb] = [await tables(a), await tables(b)];
    expect(tb.i).toEqual(ta.i);
    expect(tb.i.map((r) => (r as { level2: string }).level2)).toEqual(['数量目标', '质量目标']);
    expect(tb.i.map((r) => (r as { corrective_action: string }).corrective_action)).toEqual(['措施', '措施']);
  }, 60_000);
});
