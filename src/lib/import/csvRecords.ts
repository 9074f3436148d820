/**
 * CSV text → records, a piece of text at a time (PapaParse on each piece). Records are cut only
 * where they are known to be complete: a record that reaches the end of the text read so far, or
 * whose quote is still open there, waits for the next piece. So the records do not depend on where
 * the pieces end (tested), and a file is never held whole as text.
 */
import Papa from 'papaparse';
import { FORMULA_START } from '../contract/csv';

export interface CsvRecord {
  cells: string[];
  problem?: string;
}

export type Newline = '\r\n' | '\n' | '\r';

const MISSING_QUOTES = '引号不配对：此行有一个没有结束的引号（已单独拒收此行，并从下一行起继续读取）';
const INVALID_QUOTES = '引号格式错误：字段内的引号应写成两个双引号 ""';
/** A record longer than this is a quote that never closes (it would swallow the rest of the file). */
export const MAX_RECORD_CHARS = 1 << 20;
/** Papa guesses line endings from the first 1 MB of its input: the same text is given to it here. */
const GUESS_CHARS = 1 << 20;
const SHOWN_CHARS = 2000;

/** Our CSV writer's ' before a formula-like cell (contract/csv.ts) comes off: the cell reads as written. */
function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

type Scan = { records: CsvRecord[]; next: number; broken: number };

/**
 * Records of `text` from `pos`, at most `max`. `next`: where the first record not returned starts.
 * `broken` ≥ 0: the record starting there has a quote that does not close (in what was read, or
 * within MAX_RECORD_CHARS); it is not returned. When `final` is false a record that reaches the end
 * of `text` is not returned either: the next piece may continue it.
 */
function scan(text: string, delimiter: string, newline: Newline, pos: number, max: number, final: boolean): Scan {
  const records: CsvRecord[] = [];
  const rest = pos === 0 ? text : text.slice(pos);
  let start = 0; // where the record being parsed starts, in `rest`
  let next = text.length;
  let broken = -1;
  Papa.parse<string[]>(rest, {
    delimiter,
    newline,
    skipEmptyLines: false,
    step: (res, parser) => {
      const open = res.errors.some((e) => e.code === 'MissingQuotes');
      const end = res.meta.cursor;
      if (open || end - start > MAX_RECORD_CHARS) {
        if (final || rest.length - start > MAX_RECORD_CHARS) broken = pos + start;
        else next = pos + start;
        parser.abort();
        return;
      }
      if (!final && end >= rest.length) {
        next = pos + start;
        parser.abort();
        return;
      }
      records.push({
        cells: res.data.map(unescapeFormula),
        problem: res.errors.some((e) => e.code === 'InvalidQuotes') ? INVALID_QUOTES : undefined,
      });
      start = end;
      if (records.length >= max && pos + end < text.length) {
        next = pos + end;
        parser.abort();
      }
    },
  });
  if (broken >= 0) next = broken;
  return { records, next, broken };
}

/** Where the line starting at `pos` ends (the newline included), or -1 if not in `text`. */
function lineEnd(text: string, newline: Newline, pos: number): number {
  const i = text.indexOf(newline, pos);
  return i < 0 ? -1 : i + newline.length;
}

interface CsvLayout {
  delimiter: string;
  newline: Newline;
}

/** Delimiter from the first line (tab, comma, or semicolon), line endings as PapaParse guesses them. */
export function csvLayout(start: string): CsvLayout {
  const firstLine = start.slice(0, start.search(/\r?\n|\r|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = count('\t') > count(',') ? '\t' : count(',') === 0 && count(';') > 0 ? ';' : ',';
  const guessed = Papa.parse(start.slice(0, GUESS_CHARS), { delimiter, preview: 1 }).meta.linebreak;
  const newline: Newline = guessed === '\r\n' || guessed === '\r' ? guessed : '\n';
  return { delimiter, newline };
}

/**
 * Every record of the text given in pieces, `size` records at a time at most. The layout is taken
 * from the first 1 MB of text (or all of it, if shorter), the same for every piece.
 */
export async function* csvChunks(pieces: AsyncIterable<string> | Iterable<string>, size: number): AsyncGenerator<CsvRecord[]> {
  let buf = '';
  let layout: CsvLayout | null = null;
  /** Inside a broken line longer than the text read: what follows up to its end is dropped. */
  let skipping = false;
  let first = true;
  const it = (Symbol.asyncIterator in pieces ? pieces[Symbol.asyncIterator]() : (pieces as Iterable<string>)[Symbol.iterator]()) as
    AsyncIterator<string> | Iterator<string>;
  let cur = await it.next();
  while (!cur.done) {
    const after = await it.next();
    const final = !!after.done;
    let piece = cur.value;
    if (first) {
      piece = piece.replace(/^\ufeff/, '');
      first = false;
    }
    buf = buf + piece;
    cur = after;
    if (!layout) {
      if (buf.length < GUESS_CHARS && !final) continue;
      layout = csvLayout(buf);
    }
    const { delimiter, newline } = layout;
    let pos = 0;
    // A newline split between two pieces ("\r" | "\n") must still be found: keep its first part.
    const keep = newline.length - 1;
    if (skipping) {
      const end = lineEnd(buf, newline, 0);
      if (end < 0) {
        buf = final ? '' : buf.slice(buf.length - keep);
        continue;
      }
      skipping = false;
      pos = end;
    }
    while (pos < buf.length) {
      const { records, next, broken } = scan(buf, delimiter, newline, pos, size, final);
      if (broken >= 0) {
        // The broken record's line is rejected on its own; reading resumes on the next line.
        const end = lineEnd(buf, newline, broken);
        const line = buf.slice(
          broken,
          end < 0 ? Math.min(buf.length, broken + SHOWN_CHARS) : Math.min(end - newline.length, broken + SHOWN_CHARS),
        );
        records.push({ cells: line.split(delimiter), problem: MISSING_QUOTES });
        yield records;
        if (end < 0) {
          skipping = !final;
          pos = final ? buf.length : buf.length - keep;
          break;
        }
        pos = end;
        continue;
      }
      if (records.length) yield records;
      if (next <= pos) break; // the rest waits for the next piece
      pos = next;
    }
    buf = pos >= buf.length ? '' : buf.slice(pos);
  }
}
