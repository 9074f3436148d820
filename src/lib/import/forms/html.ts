/**
 * A form saved as a web page (.htm/.html: Word's or WPS's 「另存为网页」, LibreOffice, a system's print
 * view) → lines of cells, as `docxLines` gives them for a .docx: a paragraph outside a table is a line
 * of one cell, a table row a line of its cells, a table inside a cell (a frame drawn around the form)
 * rows of its own. colspan and rowspan keep the columns (the cells a
 * rowspan covers are empty, as a .docx's merged cells); <br> and paragraphs inside a cell are line
 * breaks; <input type=checkbox> is ☑/□, a filled-in field its value, a <select> its chosen option; letters in a symbol font (Wingdings, Wingdings 2) are the
 * boxes they show; scripts, styles and comments are not text. Read by htmlparser2 (a maintained,
 * pure-JS HTML parser: entities, unclosed tags, Word's conditional comments), so it runs in the
 * import worker and in Node alike. Loaded only when a web page is opened (importFile).
 */
import { Parser } from 'htmlparser2';
import { isSymbolFont, symbolGlyph } from '../../contract/ticks';

/** Elements that end a line of text (outside a table) or a paragraph (inside a cell). */
const BLOCKS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article', 'blockquote', 'pre']);
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'xml']);

interface Cell {
  text: string;
  colspan: number;
  rowspan: number;
  /** A cell that holds a table of its own (a frame around the form): its text is lines of their own. */
  frame: boolean;
}

/** One open table: its current row and cell, and per column how many more rows a rowspan above covers. */
interface Level {
  row: Cell[] | null;
  cell: Cell | null;
  covered: number[];
}

/** The first family of a `face` attribute or a `font-family` style, without quotes. */
function fontOf(attribs: Record<string, string>): string | undefined {
  const style = /(?:^|;)\s*font-family\s*:\s*([^;]+)/i.exec(attribs.style ?? '')?.[1];
  const family = (attribs.face ?? style)?.split(',')[0];
  return family?.trim().replace(/^['"]|['"]$/g, '');
}

const span = (v: string | undefined) => Math.min(1000, Math.max(1, Number.parseInt(v ?? '1', 10) || 1));

export function htmlLines(html: string): string[][] {
  const lines: string[][] = [];
  let outside = '';
  /** The open tables, outermost first: a table inside a cell gives rows of its own. */
  const levels: Level[] = [];
  const level = () => levels[levels.length - 1] as Level | undefined;
  /** Text goes to lines of their own: outside every table, or in a frame cell. */
  const asLines = () => {
    const l = level();
    return !l || l.cell?.frame === true;
  };
  /** Per open element: the symbol font its text is in (undefined: not a symbol font). */
  const fonts: (string | undefined)[] = [];
  let skip = 0;
  /** Inside a <select>: only its chosen option is text. */
  let inSelect = false;
  let optionChosen = false;

  const append = (t: string) => {
    const c = level()?.cell;
    if (asLines()) outside += t;
    else if (c) c.text += t;
  };
  const breakLine = () => {
    const c = level()?.cell;
    if (asLines()) {
      const t = outside.replace(/[ \t]+/g, ' ').trim();
      if (t !== '') lines.push([t]);
      outside = '';
    } else if (c) c.text += '\n';
  };
  const cellText = (t: string) =>
    t
      .split('\n')
      .map((l) => l.replace(/[ \t]+/g, ' ').trim())
      .filter((l) => l !== '')
      .join('\n');
  const endRow = (l: Level) => {
    const covered = l.covered;
    // A row whose frame cell gave its lines already: the rest of it, if any of it is filled in.
    const cells = (l.row ?? []).filter((c) => !c.frame);
    if (cells.length < (l.row ?? []).length && cells.every((c) => cellText(c.text) === '')) return;
    const out: string[] = [];
    let col = 0;
    const skipCovered = () => {
      while ((covered[col] ?? 0) > 0) {
        covered[col]--;
        out.push('');
        col++;
      }
    };
    for (const c of cells) {
      skipCovered();
      out.push(cellText(c.text), ...Array<string>(c.colspan - 1).fill(''));
      for (let k = col; k < col + c.colspan; k++) covered[k] = c.rowspan - 1;
      col += c.colspan;
    }
    skipCovered();
    for (let k = col; k < covered.length; k++) if (covered[k] > 0) covered[k]--;
    lines.push(out);
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const font = fontOf(attribs);
        fonts.push(font !== undefined ? (isSymbolFont(font) ? font : undefined) : fonts[fonts.length - 1]);
        if (SKIPPED.has(name)) skip++;
        if (skip) return;
        const l = level();
        if (name === 'table') {
          const outer = l?.cell;
          if (outer && !outer.frame) {
            // A table inside a cell: the cell is a frame; what it held so far are lines of their own.
            outer.frame = true;
            for (const t of cellText(outer.text).split('\n')) if (t !== '') lines.push([t]);
            outer.text = '';
          } else breakLine();
          levels.push({ row: null, cell: null, covered: [] });
        } else if (name === 'tr' && l) l.row = [];
        else if ((name === 'td' || name === 'th') && l?.row) {
          l.cell = { text: '', colspan: span(attribs.colspan), rowspan: span(attribs.rowspan), frame: false };
        } else if (name === 'br') append('\n');
        else if (name === 'input') {
          // A web form printed with its fields: a box is ☑/□, a filled-in field its value.
          const type = (attribs.type ?? 'text').toLowerCase();
          if (type === 'checkbox' || type === 'radio') append('checked' in attribs ? '☑' : '□');
          else if (!/^(hidden|button|submit|reset|image|file|password)$/.test(type)) append(attribs.value ?? '');
        } else if (name === 'select') inSelect = true;
        else if (name === 'option') optionChosen = 'selected' in attribs;
        else if (BLOCKS.has(name)) breakLine();
      },
      ontext(text) {
        if (skip || (inSelect && !optionChosen)) return;
        const font = fonts[fonts.length - 1];
        const t = text.replace(/[\s\u00a0]+/g, ' ');
        append(font ? t.replace(/[^ ]/gu, (ch) => symbolGlyph(font, ch.codePointAt(0) ?? 0) ?? ch) : t);
      },
      onclosetag(name) {
        fonts.pop();
        if (SKIPPED.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (name === 'select') inSelect = false;
        else if (name === 'option') optionChosen = false;
        else if (name === 'table') levels.pop();
        else if (name === 'td' || name === 'th') {
          const l = level();
          if (l?.cell && l.row) {
            if (l.cell.frame) breakLine();
            l.row.push(l.cell);
            l.cell = null;
          }
        } else if (name === 'tr') {
          const l = level();
          if (l?.row) {
            endRow(l);
            l.row = null;
          }
        } else if (BLOCKS.has(name)) breakLine();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  breakLine();
  return lines;
}
