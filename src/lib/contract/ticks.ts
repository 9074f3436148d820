/**
 * Tick boxes as the towns' forms print them: `☑是 □否`, `是 √ 否`, `是 <input checked…> 否 <input…>`,
 * Word's check-box controls (☒/☐), and the symbol fonts' boxes of 插入符号 — which arrive as the
 * font's private-use code (U+F0FE) when a .doc's text is read, or as plain letters (Wingdings 2's
 * `R` ☑ and `£` □) when the font is lost. Pure functions, used by every import path.
 */
import type { Parsed } from './values';

/** Check-box glyphs of the symbol fonts, by the character's code in the font. */
const FONT_BOXES: Record<string, Record<number, string>> = {
  wingdings: { 0xfe: '☑', 0xfd: '☒', 0x78: '☒', 0xfc: '√', 0xa8: '□', 0x6f: '□', 0x71: '□', 0x72: '□' },
  wingdings2: { 0x52: '☑', 0x53: '☒', 0x54: '☒', 0x51: '☒', 0x50: '√', 0xa3: '□' },
  symbol: { 0xd6: '√' },
};
/** A private-use symbol code whose font is not known (a .doc's text): the glyph most forms mean by it. */
const ANY_FONT: Record<number, string> = {
  ...FONT_BOXES.symbol,
  ...FONT_BOXES.wingdings2,
  ...FONT_BOXES.wingdings,
};

const fontKey = (font: string | undefined) => (font ?? '').toLowerCase().replace(/\s+/g, '');

/** Wingdings, Wingdings 2 or Symbol: a font whose letters are pictures. */
export function isSymbolFont(font: string | undefined): boolean {
  return fontKey(font) in FONT_BOXES;
}

/**
 * The box a symbol character shows (☑ ☒ □ √), for a code as Word stores it (0xF0FE or 0xFE) in a
 * font (undefined: not known); null when it is not a box.
 */
export function symbolGlyph(font: string | undefined, code: number): string | null {
  const c = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
  const table = FONT_BOXES[fontKey(font)];
  if (table) return table[c] ?? null;
  return code >= 0xf000 && code <= 0xf0ff ? (ANY_FONT[c] ?? null) : null;
}

/**
 * Boxes whose font was lost, as the boxes they are: private-use symbol codes (U+F0FE → ☑), and a
 * Wingdings 2 `£` (an empty box) with the lone `R`/`S`/`T`/`P` beside it (ticked). A text with no
 * `£` (or Wingdings' `¨`) keeps its letters: the letters alone say nothing.
 */
export function boxGlyphs(text: string): string {
  let t = text.replace(/[\uf000-\uf0ff]/g, (ch) => symbolGlyph(undefined, ch.charCodeAt(0)) ?? ch);
  const lone = (letters: string) => new RegExp(`(?<![A-Za-z0-9])[${letters}](?![A-Za-z0-9])`, 'g');
  if (t.includes('£')) t = t.replace(lone('RSTQP'), (ch) => FONT_BOXES.wingdings2[ch.charCodeAt(0)]).replace(/£/g, '□');
  if (t.includes('¨')) t = t.replace(/[þýü]/g, (ch) => FONT_BOXES.wingdings[ch.charCodeAt(0)]).replace(/¨/g, '□');
  return t;
}

/** The marks that tick an option, and those plus the empty boxes. */
const TICKS = '☑☒■√✓✔';
const MARKS = `${TICKS}□☐`;
const CHECKED_BOX = new RegExp(`<input[^>]*\\bchecked\\b[^>]*>|[${TICKS}]`);
const ANY_BOX = new RegExp(`<input[^>]*>|[${MARKS}]`);

/**
 * Which of `options` is ticked in text such as `是 <input checked="" type="checkbox"/> 否 <input type="checkbox"/>`,
 * `☑是 □否`, `是√ 否`. Returns the option, null when there are no boxes, or an error when none/several are ticked.
 */
export function tickedOption<T extends string>(text: string, options: readonly T[]): Parsed<T> | null {
  const raw = boxGlyphs(text);
  if (!ANY_BOX.test(raw)) return null;
  // Split into segments at option labels; a segment's box marks belong to the label next to them.
  const hits: T[] = [];
  const positions = options
    .map((o) => ({ o, i: raw.indexOf(o) }))
    .filter((p) => p.i >= 0)
    .sort((x, y) => x.i - y.i);
  if (positions.length === 0) return { error: `勾选项中找不到选项（${options.join(' / ')}）` };
  // Is the box for an option before or after its label? Decide by the text before the first label.
  const boxBefore = ANY_BOX.test(raw.slice(0, positions[0].i));
  positions.forEach((p, k) => {
    const seg = boxBefore
      ? raw.slice(k === 0 ? 0 : positions[k - 1].i + positions[k - 1].o.length, p.i)
      : raw.slice(p.i + p.o.length, k + 1 < positions.length ? positions[k + 1].i : raw.length);
    if (CHECKED_BOX.test(seg)) hits.push(p.o);
  });
  if (hits.length === 1) return { value: hits[0] };
  if (hits.length === 0) return { error: `没有勾选任何选项（${options.join(' / ')}）` };
  return { error: `勾选了多个选项：${hits.join('、')}` };
}

const FREE_BOX = `[${MARKS}]`;
const FREE_CHECKED = new RegExp(`[${TICKS}]`);

/** A conclusion option as a form prints it (运行正常, 轻度偏差, 执行进度偏慢), with its explanation in brackets. */
const OPTION_WORD = /^[^\s、，,;；/|（(]{2,8}(正常|偏差|偏离|偏慢|滞后)([（(][^）)]*[）)])?$/;

/**
 * Free options with boxes (「☑运行正常 □轻度偏差 □严重偏差」, 「运行正常 <input checked…> 轻度偏差 <input…>」):
 * the ticked option's text; null when the text has no boxes. The options printed side by side with
 * no box at all (the boxes lost on the way, 「运行正常　轻度偏差　严重偏差」) are an error, never read as
 * whichever word a keyword finds first.
 */
export function tickedText(raw: string): { value: string | null; error?: string } {
  const text = boxGlyphs(raw)
    .replace(/<input[^>]*\bchecked\b[^>]*>/g, '☑')
    .replace(/<input[^>]*>/g, '□');
  if (!new RegExp(FREE_BOX).test(text)) {
    const words = raw.split(/[\s\u3000、/|]+/).filter((w) => w !== '');
    if (words.length >= 2 && words.every((w) => OPTION_WORD.test(w))) {
      return { value: null, error: `列出了 ${words.length} 个选项（${words.join('、')}）却没有勾选标记（勾选框可能在另存或转换时丢失）` };
    }
    return { value: raw.trim() === '' ? null : raw };
  }
  const before = new RegExp(`^\\s*${FREE_BOX}`).test(text);
  const re = before ? new RegExp(`(${FREE_BOX})\\s*([^${MARKS}]+)`, 'g') : new RegExp(`([^${MARKS}]+?)\\s*(${FREE_BOX})`, 'g');
  const ticked: string[] = [];
  for (const m of text.matchAll(re)) {
    const [mark, label] = before ? [m[1], m[2]] : [m[2], m[1]];
    if (FREE_CHECKED.test(mark)) ticked.push(label.trim());
  }
  if (ticked.length === 1) return { value: ticked[0] };
  return ticked.length === 0 ? { value: null, error: '没有勾选任何选项' } : { value: null, error: `勾选了多个选项：${ticked.join('、')}` };
}
