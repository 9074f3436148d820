/**
 * A CSV's money cells written as plain digits are parsed in SQL (normaliseStage.ts `textMoney`), the
 * others by parseMoney: the SQL must give parseMoney's number exactly, for 元 and 万元 columns, including
 * the halves that rounding to 分 turns on.
 */
import { describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/lib/engine/node';
import { columnsToIPC } from '../../src/lib/db/arrow';
import { parseMoney } from '../../src/lib/contract/values';
import { PLAIN_NUMBER, plainMoneySql } from '../../src/lib/import/staged/moneySql';
import { mulberry32 } from '../../scripts/sample/generate';

describe('plain money cells in SQL', () => {
  it('equal parseMoney for 20,000 random amounts and the halves, at scale 1 and 10000', async () => {
    const r = mulberry32(7);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
    const cells = ['0', '00.50', '0.005', '1.005', '2.675', '1.015', '1234567.125', '999999999999999', '0.125', '36453.4'];
    for (let i = 0; i < 20_000; i++)
      cells.push(r() < 0.3 ? digits(1 + Math.floor(r() * 12)) : `${digits(1 + Math.floor(r() * 10))}.${digits(1 + Math.floor(r() * 4))}`);
    const e = await createNodeEngine();
    await e.insertArrowIPC('cells', columnsToIPC([['s', 'utf8', cells]]), true);
    for (const scale of [1, 10000]) {
      const rows = await e.query<{ s: string; plain: boolean; v: number }>(
        `SELECT s, regexp_full_match(s, ${PLAIN_NUMBER}) AS plain, ${plainMoneySql('s', scale)} AS v FROM cells`,
      );
      const wrong = rows.filter((x) => !x.plain || x.v !== parseMoney(x.s, scale).value);
      expect(wrong.slice(0, 5)).toEqual([]);
    }
    // Not plain: signs, 千分位, spaces, full-width digits, a bare point, 万 — parseMoney's to read.
    const [n] = await e.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE regexp_full_match(s, ${PLAIN_NUMBER}))::INTEGER AS n FROM (VALUES ('-1'), ('1,000'), (' 2'), ('８'), ('.5'), ('1.'), ('3万'), ('1e3')) t(s)`,
    );
    expect(n.n).toBe(0);
  }, 60_000);
});
