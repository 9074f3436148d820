/**
 * Parsers for values as people type them in the bureau's exports. Each returns
 * `{ value }` (null for a blank cell) or `{ error }` with a Chinese reason.
 * Pure functions: used by the CSV/Parquet import, the form reader and the tests.
 */
import { MINHANG_TOWNS } from './columns';
import { tickedOption } from './ticks';

export { tickedOption, tickedText } from './ticks';

export type Parsed<T> = { value: T | null; error?: undefined } | { value?: undefined; error: string };

const BLANKS = new Set(['', '-', '—', '——', '–', '−', '－', '/', '／', '无', 'null', 'NULL', 'N/A', 'n/a', '#N/A']);

export function isBlank(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  return BLANKS.has(String(raw).trim());
}

/** Blank as a text cell (an indicator's 目标值/完成值) means it: a dash or a slash, but not 「无」, which there is a value (无安全事故). */
export function isBlankText(raw: unknown): boolean {
  return isBlank(raw) && String(raw ?? '').trim() !== '无';
}

/** The non-empty texts `isBlankText` reads as blank (for SQL that must flag the same cells). */
export const BLANK_TEXTS: readonly string[] = [...BLANKS].filter((b) => b !== '' && b !== '无');

/** Full-width ASCII as a Chinese input method types it (２０２４／１／１, （）, －) → half-width; the ideographic space → a space. */
function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

function clean(raw: unknown): string {
  return halfWidth(String(raw ?? ''))
    .replace(/[\u00a0\s]+/g, '')
    .replace(/[\u2212\u2012\u2013]/g, '-'); // minus signs and dashes typed for a minus
}

/** Excel's error values, as a sheet saved to CSV writes them, and what each means. */
const EXCEL_ERRORS: Record<string, string> = {
  '#DIV/0!': '除数为 0',
  '#REF!': '公式引用的单元格已被删除',
  '#VALUE!': '公式中有文字参与了计算',
  '#NAME?': '公式中的函数名或名称无法识别',
  '#NUM!': '公式的数值无效',
  '#NULL!': '公式中的区域没有交集',
  '#SPILL!': '公式结果无处溢出',
  '#CALC!': '公式无法计算',
};

/** A cell that holds an Excel error value (#DIV/0!, #REF! …) instead of a `what` (金额, 百分比, 日期): the reason, else null. */
function excelError(raw: unknown, what: string): string | null {
  const t = String(raw ?? '')
    .trim()
    .toUpperCase();
  const why = EXCEL_ERRORS[t];
  return why ? `单元格是 Excel 公式的错误值「${t}」（${why}），不是${what}：请在 Excel 中修正公式或填写数值后重新导出` : null;
}

/** Money in 元. `scale` is 10000 when the header says 万元. Accepts 36,453.40 / 3.65万 / ￥1,200 / 1200元. */
export function parseMoney(raw: unknown, scale = 1): Parsed<number> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: round2(raw * scale) } : { error: `金额不是有效数字：${raw}` };
  if (typeof raw === 'bigint') return { value: Number(raw) * scale };
  if (isBlank(raw)) return { value: null };
  const xl = excelError(raw, '金额');
  if (xl) return { error: xl };
  let s = clean(raw).replace(/^[￥¥]|^RMB|^人民币/i, '');
  let mult = scale;
  if (/万元?$/.test(s)) {
    mult = 10000;
    s = s.replace(/万元?$/, '');
  } else if (/亿元?$/.test(s)) {
    mult = 1e8;
    s = s.replace(/亿元?$/, '');
  } else s = s.replace(/元$/, '');
  let neg = false;
  if (/^\(.*\)$/.test(s)) {
    // (1,234) or （1,234）: full-width brackets are half-width after clean().
    neg = true;
    s = s.slice(1, -1);
  }
  if (/^[-+]?\d+(\.\d+)?e[-+]?\d+$/i.test(s)) {
    return {
      error: `金额是科学计数法「${String(raw).trim()}」：Excel 按显示的格式另存 CSV 时会丢掉位数，无法得知原数。请把该列设为「数值」格式（两位小数）后重新另存`,
    };
  }
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(s) || !/\d/.test(s)) {
    return { error: `金额无法识别：「${String(raw).trim()}」（应为数字，如 36453.40、36,453.40 或 3.65万）` };
  }
  const n = Number(s.replace(/,/g, ''));
  return { value: round2((neg ? -n : n) * mult) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Percent as a ratio (1 = 100%). `100.00%` and `100` are percents; `1.0` only when `declaredRatio`. */
export function parsePercent(raw: unknown, declaredRatio = false): Parsed<number> {
  if (typeof raw === 'number') return { value: declaredRatio ? raw : raw / 100 };
  if (isBlank(raw)) return { value: null };
  const xl = excelError(raw, '百分比');
  if (xl) return { error: xl };
  const s = clean(raw);
  const m = /^([-+]?\d+(?:\.\d+)?)(%?)$/.exec(s);
  if (!m) return { error: `百分比无法识别：「${String(raw).trim()}」（应为如 100.00% 或 100）` };
  const n = Number(m[1]);
  if (m[2] === '%' || !declaredRatio) return { value: n / 100 };
  return { value: n };
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A date as ISO `YYYY-MM-DD`. Accepts 2024-01-01, 2024/1/1, 2024.1.1, 2024年1月1日, 20240101, an Excel serial. */
export function parseDate(raw: unknown): Parsed<string> {
  if (raw instanceof Date) {
    return { value: isoDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate()) };
  }
  if (isBlank(raw)) return { value: null };
  const xl = excelError(raw, '日期');
  if (xl) return { error: xl };
  const s = wordNumerals(clean(raw));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?(?:T.*|\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { value: iso } : { error: `日期不存在：「${String(raw).trim()}」` };
  }
  m = /^(\d{5})(?:\.0+)?$/.exec(s);
  if (m) {
    const serial = Number(m[1]);
    if (serial > 20000 && serial < 80000) {
      const dt = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
      return { value: isoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()) };
    }
  }
  return { error: `日期无法识别：「${String(raw).trim()}」（应为如 2024-01-01、2024/1/1 或 2024年1月1日）` };
}

const DIGIT_WORDS: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** 一 … 九, 十, 十一 … 十九, 二十 … 三十一: a month or a day in words. */
function wordNumber(w: string): number | null {
  const m = /^(?:([一二三])?十)?([一二三四五六七八九])?$/.exec(w);
  if (!m || w === '') return null;
  return (w.includes('十') ? (m[1] ? DIGIT_WORDS[m[1]] : 1) * 10 : 0) + (m[2] ? DIGIT_WORDS[m[2]] : 0);
}

/** 二〇二四年九月五日 (a date in words, as 公文 wrote them before 2012) → 2024年9月5日; any other text as it is. */
function wordNumerals(s: string): string {
  const m = /^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})[日号]$/.exec(s);
  if (!m) return s;
  const [mo, d] = [wordNumber(m[2]), wordNumber(m[3])];
  if (mo === null || d === null) return s;
  return `${[...m[1]].map((c) => DIGIT_WORDS[c]).join('')}年${mo}月${d}日`;
}

/** A whole date in running text: 2024年1月1日, 2024-01-01, 2024/1/1, 2024.1.1, or 20240101 as systems export it. */
const DATE_IN_TEXT = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?|(?<!\d)(?:19|20)\d{6}(?!\d)/g;
/** `2024年1月1日至8月31日`: the end written without its year, which is the start's. */
const END_WITHOUT_YEAR = [
  /^(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]\s*[-—–~～至到]+\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/,
  // `2024.1.1-8.31`, `2024/1/1至8/31`: the same with dots or slashes.
  /^(\d{4})\s*([./])\s*\d{1,2}\s*\2\s*\d{1,2}\s*[-—–~～至到]+\s*(\d{1,2})\s*\2\s*(\d{1,2})$/,
  // `2024-01-01至08-31`: with dashes, between a range sign that is not one.
  /^(\d{4})\s*(-)\s*\d{1,2}\s*-\s*\d{1,2}\s*[—~～至到]+\s*(\d{1,2})\s*-\s*(\d{1,2})$/,
];

const MONTH_RANGE = /^(\d{4})\s*年度?\s*(\d{1,2})\s*月?份?\s*[-—–~～至到]+\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月份?$/;
/** `2024.1-2024.8`, `2024.1-8`, `2024/1-2024/8`: months with a dot or a slash. */
const DOTTED_MONTHS = /^(\d{4})\s*[./]\s*(\d{1,2})\s*[-—–~～至到]+\s*(?:(\d{4})\s*[./]\s*)?(\d{1,2})$/;
/** `2024-01~2024-08`, `2024-01至06`: months with a dash, between a range sign that is not one (`2024-01-2024-08` is not guessed). */
const DASHED_MONTHS = /^(\d{4})\s*-\s*(\d{1,2})\s*[—~～至到]+\s*(?:(\d{4})\s*-\s*)?(\d{1,2})$/;
const PART_OF_YEAR: Record<string, [number, number]> = {
  全年: [1, 12],
  上半年: [1, 6],
  下半年: [7, 12],
  前两季度: [1, 6],
  前三季度: [1, 9],
  一季度: [1, 3],
  二季度: [4, 6],
  三季度: [7, 9],
  四季度: [10, 12],
};
const PART = /^(\d{4})\s*年度?\s*第?(全年|上半年|下半年|前两季度|前三季度|[一二三四]季度)$/;

/** `2024年1-8月`, `2024年1月至8月`, `2024年1月-2024年8月`, `2024年上半年`: from the first day of the first month to the last day of the last. */
function monthRange(s: string): Parsed<{ start: string; end: string }> | null {
  const m = MONTH_RANGE.exec(s) ?? DOTTED_MONTHS.exec(s) ?? DASHED_MONTHS.exec(s);
  const p = m ? null : PART.exec(s);
  if (!m && !p) return null;
  const [y1, m1, y2, m2] = m ? [+m[1], +m[2], +(m[3] ?? m[1]), +m[4]] : [+p![1], PART_OF_YEAR[p![2]][0], +p![1], PART_OF_YEAR[p![2]][1]];
  if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12) return { error: `跟踪时段中的月份无法识别：「${s}」` };
  if (y1 * 12 + m1 > y2 * 12 + m2) return { error: `跟踪时段开始晚于结束：「${s}」` };
  const day = (y: number, mo: number, d: number) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { value: { start: day(y1, m1, 1), end: day(y2, m2, new Date(Date.UTC(y2, m2, 0)).getUTCDate()) } };
}

/**
 * 跟踪时段 such as `2024年01月01日 --- 2024年08月31日`, `2024-01-01至2024-08-31`, `2024.1.1-2024.8.31`,
 * `20240101-20240831`, `2024年1月1日至8月31日`, and months as the bureau names its rounds: `2024年1-8月`,
 * `2024年1月至8月`, `2024年上半年` (first day of the first month to the last day of the last).
 */
export function parsePeriod(raw: unknown): Parsed<{ start: string; end: string }> {
  if (isBlank(raw)) return { value: null };
  // 「自2024年1月1日起至2024年8月31日止」: the words around the two dates say nothing more.
  const s = halfWidth(String(raw))
    .trim()
    .replace(/^[自从]\s*/, '')
    .replace(/\s*止$/, '')
    .replace(/\s*起\s*(?=[-—–~～至到])/, '');
  const months = monthRange(s);
  if (months) return months;
  // The end's month and day: the last two groups of whichever form matched.
  const short = END_WITHOUT_YEAR.map((re) => re.exec(s))
    .find((m) => m !== null)
    ?.slice(-2);
  const year = s.slice(0, 4);
  const found = short ? [s.match(DATE_IN_TEXT)?.[0] ?? '', `${year}年${short[0]}月${short[1]}日`] : (s.match(DATE_IN_TEXT) ?? []);
  const rest = short ? '' : s.replace(DATE_IN_TEXT, '').replace(/[\s\-—–~～至到]+/g, '');
  if (found.length !== 2 || rest !== '') {
    return { error: `跟踪时段无法识别：「${s}」（应为如 2024年01月01日 --- 2024年08月31日，或 2024年1-8月）` };
  }
  const a = parseDate(found[0]);
  const b = parseDate(found[1]);
  if (a.error !== undefined || b.error !== undefined || a.value === null || b.value === null) {
    return { error: `跟踪时段中的日期无法识别：「${s}」` };
  }
  if (a.value > b.value) return { error: `跟踪时段开始晚于结束：「${s}」` };
  return { value: { start: a.value, end: b.value } };
}

/** 是/否, Y/N, true/false, 1/0, 有/无, or a ticked box. */
export function parseBool(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'number') return raw === 1 ? { value: true } : raw === 0 ? { value: false } : { error: `应为 是/否：${raw}` };
  if (isBlank(raw)) return { value: null };
  const text = String(raw).trim();
  const s = clean(text).toLowerCase();
  // A lone mark (√, ☑, ×) is the answer itself, not a box beside an option.
  if (['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '☑', 't', '有'].includes(s)) return { value: true };
  if (['否', 'n', 'no', 'false', '0', '×', '✗', '□', 'f'].includes(s)) return { value: false };
  const ticked = tickedOption(text, ['是', '否'] as const);
  if (ticked) return ticked.error !== undefined ? ticked : { value: ticked.value === '是' };
  return { error: `应为 是/否（或 Y/N、1/0）：「${text}」` };
}

/** Other words for a value, as summary sheets typed by hand write them. */
const SYNONYMS: Record<string, string[]> = {
  确定能完成: ['能完成', '能够完成', '可以完成', '确定可以完成', '确定能够完成'],
  有可能完成: ['可能完成', '有可能', '可能'],
  确定不能完成: ['不能完成', '无法完成', '确定无法完成', '不可能完成'],
};

/** One of a fixed set of values, as text, as another word for it, or as a ticked box among them. */
export function parseEnum<T extends string>(raw: unknown, options: readonly T[]): Parsed<T> {
  if (isBlank(raw)) return { value: null };
  const text = String(raw).trim();
  const ticked = tickedOption(text, options);
  if (ticked) return ticked;
  const s = clean(text);
  const exact = options.find((o) => o === s || SYNONYMS[o]?.includes(s));
  if (exact) return { value: exact };
  return { error: `应为以下之一：${options.join(' / ')}，实为「${text}」` };
}

/** What a town's name may be followed by in a 街镇名称 cell: its government, office or finance office. */
const OFFICE = '(人民政府|政府|办事处|街道办|办|管委会|管理委员会|财政所|财政办|财政科)*';
const TOWN_REST = new RegExp(`^(路街道|街道|镇|地区)?${OFFICE}$`);
/** The 14 units by the name without its 镇/街道 (莘庄工业区 first: 莘庄 alone is 莘庄镇). */
const TOWN_CORES = [...MINHANG_TOWNS]
  .map((t) => ({ town: t, core: t === '莘庄工业区' ? t : t.replace(/(路街道|街道|镇)$/, '') }))
  .sort((a, b) => b.core.length - a.core.length);

/**
 * Canonical town name: strips 上海市/上海/闵行区 prefixes, （盖章）, 人民政府/办事处/财政所 suffixes; a
 * Minhang unit's name as written short or with its office (江川街道 = 江川路街道, 古美路街道 = 古美街道,
 * 七宝 = 七宝镇, 华漕镇财政所 = 华漕镇) is that unit. Any other name is kept as written (and warned about).
 */
export function normaliseTown(raw: unknown): string {
  let s = String(raw ?? '').replace(/[\s\u3000]+/g, '');
  s = s.replace(/[（(]盖章[）)]/g, '').replace(/盖章$/, '');
  s = s.replace(/^上海市?/, '').replace(/^闵行区/, '');
  for (const { town, core } of TOWN_CORES) {
    if (!s.startsWith(core)) continue;
    if (TOWN_REST.test(s.slice(core.length))) return town;
  }
  return s.replace(/(人民政府|办事处|管委会|管理委员会)$/, '');
}

/** Text cell: trimmed, line endings unified, blank → null. */
export function parseText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).replace(/\r\n?/g, '\n').trim();
  return s === '' ? null : s;
}

/** A CJK character or full-width punctuation: no space belongs between two of them in a name. */
const WIDE = '[\\p{Script=Han}（）【】《》、，：；]';
const WIDE_GAP = new RegExp(`(?<=${WIDE})\\s+(?=${WIDE})`, 'gu');

/**
 * A name (项目名称, 预算单位, 具体实施): as text, but a line break typed in the cell (Excel's Alt+Enter in a
 * narrow column, a wrapped Word cell) or a space between two Chinese characters is not part of it —
 * 「老旧小区⏎综合改造」 is the project 「老旧小区综合改造」 of the other rounds; elsewhere a line break is a space.
 */
export function parseName(raw: unknown): string | null {
  const t = parseText(raw);
  return t === null ? null : t.replace(WIDE_GAP, '').replace(/\s*\n\s*/g, ' ');
}
