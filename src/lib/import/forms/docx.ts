/**
 * A Word .docx form → lines of cells, in document order: a paragraph outside a table is a line
 * of one cell; a table row is a line of its cells; a table inside a cell (a frame drawn around the
 * form) gives rows of its own, the frame's paragraphs lines of their own. Horizontally merged cells (gridSpan) keep
 * their column positions with empty cells; vertically merged continuation cells are empty, as in
 * the text the towns' forms are extracted to. A check-box control (w14:checkbox) gives ☑/□ from its
 * checked state, whatever glyph it shows (a content control still showing its placeholder text gives
 * nothing: it was not filled in), and so does a legacy form-field box (窗体域 FORMCHECKBOX, which
 * shows no text at all); a box of a symbol font — 插入符号's w:sym, or letters typed
 * in Wingdings / Wingdings 2 (`R` ☑, `£` □) — gives the box it shows; struck-through text and text a
 * tracked change moved away (w:moveFrom) are dropped (a struck option is not chosen). The XML is read by saxes (a maintained, pure-JS SAX parser:
 * entities, CDATA and namespaced names handled by it), so it works in a worker and in Node alike.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { checkZip } from '../zipLimits';
import { isSymbolFont, symbolGlyph } from '../../contract/ticks';

/** A form is a few pages: its document.xml is at most a few hundred kilobytes. */
export const FORM_ZIP_LIMITS = { memberBytes: 20 * 1024 * 1024, totalBytes: 20 * 1024 * 1024 };
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export function isDocx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface Cell {
  text: string[];
  span: number;
  vmergeContinue: boolean;
  /** A cell that holds a table of its own (a frame around the form): its paragraphs are lines of their own. */
  frame: boolean;
}

/** One open table: its current row and cell. */
interface Level {
  row: Cell[] | null;
  cell: Cell | null;
}

/** `file`: the file's name, for the messages. Throws a Chinese sentence when the form cannot be read. */
export function docxLines(bytes: Uint8Array, file = '表单'): string[][] {
  checkZip(file, bytes, (n) => n === 'word/document.xml', FORM_ZIP_LIMITS);
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
  /** The open tables, outermost first: a table inside a cell is read as rows of its own. */
  const levels: Level[] = [];
  const level = () => levels[levels.length - 1] as Level | undefined;
  let para: string | null = null;
  let inRun = false;
  let inText = false;
  let struck = false;
  let runProps = false;
  /** The run's font when it is a symbol font (its letters are pictures). */
  let symbolFont: string | undefined;
  /**
   * Content controls (w:sdt) around the text: a check box's checked state, or a field still showing
   * its placeholder (「单击或点击此处输入文字。」, nothing filled in). The content of either is not read.
   */
  const controls: { checkbox: boolean | null; placeholder: boolean; inContent: boolean }[] = [];
  const top = () => controls[controls.length - 1] as (typeof controls)[number] | undefined;
  const hidden = () => controls.some((c) => c.inContent && (c.checkbox !== null || c.placeholder));
  /** A legacy form field check box (窗体域, FORMCHECKBOX): its default and its checked state. */
  let legacyBox: { checkedByDefault: boolean; checked: boolean | null } | null = null;
  /** Inside w:moveFrom: text a tracked change moved away (it is read where it was moved to). */
  let movedAway = 0;
  /** Inside mc:Fallback: the same content again for old readers (text boxes), read once only. */
  let fallback = 0;
  const val = (tag: SaxesTagPlain) => tag.attributes['w:val'];

  const open = (tag: SaxesTagPlain) => {
    if (tag.name === 'mc:Fallback') fallback++;
    if (fallback) return;
    switch (tag.name) {
      case 'w:tbl': {
        // A table inside a cell: the cell is a frame; what it held so far are lines of their own.
        const outer = level()?.cell;
        if (outer && !outer.frame) {
          outer.frame = true;
          for (const t of outer.text) lines.push([t]);
          outer.text = [];
        }
        levels.push({ row: null, cell: null });
        break;
      }
      case 'w:tr': {
        const l = level();
        if (l) l.row = [];
        break;
      }
      case 'w:tc': {
        const l = level();
        if (l?.row) l.cell = { text: [], span: 1, vmergeContinue: false, frame: false };
        break;
      }
      case 'w:gridSpan': {
        const c = level()?.cell;
        if (c) c.span = Math.max(1, Number(val(tag) ?? 1) || 1);
        break;
      }
      case 'w:vMerge': {
        const c = level()?.cell;
        if (c && val(tag) !== 'restart') c.vmergeContinue = true;
        break;
      }
      case 'w:p':
        para = '';
        break;
      case 'w:r':
        inRun = true;
        struck = false;
        symbolFont = undefined;
        break;
      case 'w:rFonts':
        if (inRun && runProps) {
          const a = tag.attributes;
          symbolFont = [a['w:ascii'], a['w:hAnsi'], a['w:eastAsia'], a['w:cs']].find(isSymbolFont);
        }
        break;
      case 'w:checkBox':
        legacyBox = { checkedByDefault: false, checked: null };
        break;
      case 'w:default':
        if (legacyBox) legacyBox.checkedByDefault = ['1', 'true', 'on'].includes(val(tag) ?? '');
        break;
      case 'w:checked':
        if (legacyBox) legacyBox.checked = !['0', 'false', 'off'].includes(val(tag) ?? '1');
        break;
      case 'w:moveFrom':
        movedAway++;
        break;
      case 'w14:checked':
        if (top()) top()!.checkbox = ['1', 'true', 'on'].includes(tag.attributes['w14:val'] ?? '');
        break;
      case 'w:showingPlcHdr':
        if (top() && val(tag) !== 'false' && val(tag) !== '0') top()!.placeholder = true;
        break;
      case 'w:sdt':
        controls.push({ checkbox: null, placeholder: false, inContent: false });
        break;
      case 'w:sdtContent': {
        const c = top();
        if (!c) break;
        if (c.checkbox !== null && para !== null && !hidden()) para += c.checkbox ? '☑' : '□';
        c.inContent = true;
        break;
      }
      case 'w:rPr':
        runProps = true;
        break;
      case 'w:strike':
      case 'w:dstrike':
        if (runProps && val(tag) !== 'false' && val(tag) !== '0') struck = true;
        break;
      case 'w:t':
        inText = true;
        break;
      // Tabs and breaks of a run (a paragraph's w:tabs also holds w:tab: its tab stops, not text).
      case 'w:tab':
        if (inRun && para !== null) para += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        if (inRun && para !== null) para += '\n';
        break;
      case 'w:sym':
        if (inRun && para !== null && !hidden()) {
          const code = parseInt(tag.attributes['w:char'] ?? '', 16);
          const glyph = Number.isFinite(code) ? symbolGlyph(tag.attributes['w:font'], code) : null;
          // A symbol outside the fonts' private-use area is the Unicode character itself (☒ in MS Gothic).
          para += glyph ?? (Number.isFinite(code) && (code < 0xf000 || code > 0xf0ff) ? String.fromCodePoint(code) : '');
        }
        break;
      default:
        break;
    }
  };

  const close = (tag: SaxesTagPlain) => {
    if (tag.name === 'mc:Fallback') {
      fallback--;
      return;
    }
    if (fallback) return;
    switch (tag.name) {
      case 'w:tbl':
        levels.pop();
        break;
      case 'w:tr': {
        const l = level();
        if (!l?.row) break;
        const text = (c: Cell) => (c.vmergeContinue ? '' : c.text.join('\n').trim());
        // A row whose frame cell gave its lines already: the rest of it, if any of it is filled in.
        const cells = l.row.filter((c) => !c.frame);
        if (cells.length === l.row.length || cells.some((c) => text(c) !== ''))
          lines.push(cells.flatMap((c) => [text(c), ...Array<string>(c.span - 1).fill('')]));
        l.row = null;
        break;
      }
      case 'w:tc': {
        const l = level();
        if (l?.cell && l.row) {
          l.row.push(l.cell);
          l.cell = null;
        }
        break;
      }
      case 'w:p':
        if (para !== null) {
          const l = level();
          if (!l) lines.push([para]);
          else if (l.cell?.frame) lines.push([para]);
          else if (l.cell) l.cell.text.push(para);
          para = null;
        }
        break;
      case 'w:r':
        inRun = false;
        break;
      case 'w:rPr':
        runProps = false;
        break;

      case 'w:checkBox':
        if (legacyBox && para !== null && !movedAway) para += (legacyBox.checked ?? legacyBox.checkedByDefault) ? '☑' : '□';
        legacyBox = null;
        break;
      case 'w:moveFrom':
        movedAway = Math.max(0, movedAway - 1);
        break;
      case 'w:sdt':
        controls.pop();
        break;
      case 'w:t':
        inText = false;
        break;
      default:
        break;
    }
  };

  const parser = new SaxesParser();
  parser.on('opentag', open);
  parser.on('closetag', close);
  parser.on('text', (text) => {
    if (fallback || !inText || para === null || struck || movedAway || hidden()) return;
    const font = symbolFont;
    para += font ? text.replace(/./gsu, (ch) => symbolGlyph(font, ch.codePointAt(0) ?? 0) ?? ch) : text;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    throw new Error(`word/document.xml 不是完整的 XML（文件可能已损坏）：${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return lines;
}
