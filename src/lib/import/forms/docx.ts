/**
 * A Word .docx form → lines of cells, in document order: a paragraph outside a table is a line
 * of one cell; a table row is a line of its cells. Horizontally merged cells (gridSpan) keep
 * their column positions with empty cells; vertically merged continuation cells are empty, as in
 * the text the towns' forms are extracted to. Word's check-box controls already show ☒/☐ as text, symbol glyphs become ☑/□; struck-through text is
 * dropped (a struck option is not chosen). Reads the XML directly: works in a worker and in Node.
 */
import { unzipSync, strFromU8 } from 'fflate';

export function isDocx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (ENTITIES[e] ?? m),
  );

/** Wingdings/Symbol check-box glyphs used by Word's 插入符号. */
const SYMBOLS: Record<string, string> = {
  F0FE: '☑',
  F0FD: '☒',
  F052: '☑',
  F0A8: '□',
  F06F: '□',
  F0A3: '□',
  F071: '□',
  F0FC: '√',
  F050: '√',
};

interface Cell {
  text: string[];
  span: number;
  vmergeContinue: boolean;
}

export function docxLines(bytes: Uint8Array): string[][] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' });
  } catch {
    throw new Error('这是一个 ZIP 文件，但无法解压（文件可能已损坏）');
  }
  const docXml = files['word/document.xml'];
  if (!docXml) throw new Error('压缩包中没有 word/document.xml：这不是 Word .docx 文件（如为 Excel 文件，请另存为 CSV）');
  const xml = strFromU8(docXml);
  const lines: string[][] = [];
  const tokens = xml.matchAll(/<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g);
  let tableDepth = 0;
  let row: Cell[] | null = null;
  let cell: Cell | null = null;
  let para: string | null = null;
  let inText = false;
  let struck = false;
  let runProps = false;
  for (const t of tokens) {
    const [, close, name, attrs, selfClose, text] = t;
    if (text !== undefined) {
      if (inText && para !== null && !struck) para += decode(text);
      continue;
    }
    const open = !close;
    switch (name) {
      case 'w:tbl':
        tableDepth += open ? 1 : -1;
        break;
      case 'w:tr':
        if (tableDepth === 1) {
          if (open) row = [];
          else if (row) {
            lines.push(row.flatMap((c) => [c.vmergeContinue ? '' : c.text.join('\n').trim(), ...Array(c.span - 1).fill('')]));
            row = null;
          }
        }
        break;
      case 'w:tc':
        if (tableDepth === 1) {
          if (open) cell = { text: [], span: 1, vmergeContinue: false };
          else if (cell && row) {
            row.push(cell);
            cell = null;
          }
        }
        break;
      case 'w:gridSpan':
        if (cell) cell.span = Math.max(1, Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? 1));
        break;
      case 'w:vMerge':
        if (cell && !/w:val="restart"/.test(attrs)) cell.vmergeContinue = true;
        break;
      case 'w:p':
        if (open && !selfClose) para = '';
        else if (selfClose && open) {
          if (cell) cell.text.push('');
          else if (tableDepth === 0) lines.push(['']);
        } else if (para !== null) {
          if (cell) cell.text.push(para);
          else if (tableDepth === 0) lines.push([para]);
          para = null;
        }
        break;
      case 'w:r':
        if (open && !selfClose) struck = false;
        break;
      case 'w:rPr':
        runProps = open && !selfClose;
        break;
      case 'w:strike':
      case 'w:dstrike':
        if (runProps && !/w:val="(false|0)"/.test(attrs)) struck = true;
        break;
      case 'w:t':
        inText = open && !selfClose;
        break;
      case 'w:tab':
        if (para !== null && open) para += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        if (para !== null && open) para += '\n';
        break;
      case 'w:sym':
        if (para !== null) para += SYMBOLS[(/w:char="([0-9A-Fa-f]+)"/.exec(attrs)?.[1] ?? '').toUpperCase()] ?? '';
        break;
      default:
        break;
    }
  }
  return lines;
}
