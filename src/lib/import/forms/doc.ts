/**
 * A Word 97-2003 .doc form → lines of cells, as `docxLines` gives them for a .docx: a paragraph
 * outside a table is a line of one cell, a table row a line of its cells, paragraphs inside a cell
 * joined by a line break, struck-through text dropped (a struck option is not chosen), a legacy
 * form-field check box (FORMCHECKBOX, its state in the Data stream) read as ☑/□, deleted
 * revisions dropped. The binary file is read by word-extractor (a maintained reader of the OLE
 * compound file, its piece table and revision marks), loaded only when a .doc is opened; it works
 * in the browser's import worker with the `buffer` package as Buffer and `readable-stream` as its
 * `stream` (vite.config.ts). Its text gives every table cell mark and row-end mark as the same
 * character; which is which is in the paragraph properties, so this module reads those itself
 * (word-extractor's own pass loses its place on the table-definition property, whose operand size
 * takes two bytes): a row's end mark (sprmPFTtp) ends a line, a paragraph mark inside a table
 * (sprmPFInTable) stays inside its cell.
 */

/** A form is a few pages: a .doc (not compressed) of more than this is not one. */
export const MAX_DOC_BYTES = 20 * 1024 * 1024;

export const isOleFile = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

const ROW_END = '\u2028';
const CELL_BREAK = '\u2029';
/** A nested table's cell end and row end (a table inside a cell: a frame drawn around the form). */
const INNER_CELL = '\ue010';
const INNER_ROW = '\ue011';
/** A paragraph mark in a cell of the outermost table: a line break in the cell, or — in a frame — a line of its own. */
const OUTER_PARA = '\ue012';

interface Piece {
  text: string;
  startFilePos: number;
  size: number;
  bpc: number;
}

type Buf = {
  readUInt8(o: number): number;
  readUInt16LE(o: number): number;
  readUInt32LE(o: number): number;
  readInt32LE(o: number): number;
  slice(a: number, b: number): Buf;
  length: number;
};

/** Each property (sprm) of a grpprl with its operand's offset; operand sizes as [MS-DOC] 2.6.1 gives them. */
function eachSprm(buf: Buf, offset: number, on: (sprm: number, at: number) => void): void {
  while (offset + 2 <= buf.length) {
    const sprm = buf.readUInt16LE(offset);
    offset += 2;
    if (offset > buf.length) return;
    on(sprm, offset);
    const spra = sprm >> 13;
    if (spra === 0 || spra === 1) offset += 1;
    else if (spra === 2 || spra === 4 || spra === 5) offset += 2;
    else if (spra === 3) offset += 4;
    else if (spra === 7) offset += 3;
    else if (sprm === 0xd608 || sprm === 0xd606)
      offset += buf.readUInt16LE(offset) + 1; // sprmTDefTable: a two-byte size
    else if (sprm === 0xc615) {
      // sprmPChgTabs: a size of 255 means the operand is counted from its parts.
      const cb = buf.readUInt8(offset);
      if (cb !== 255) offset += cb + 1;
      else {
        const del = buf.readUInt8(offset + 1);
        const add = buf.readUInt8(offset + 2 + del * 4);
        offset += 1 + 1 + del * 4 + 1 + add * 3;
      }
    } else offset += buf.readUInt8(offset) + 1;
  }
}

/** Sets the characters at file positions [start, end) of the pieces that hold them. */
function setChars(pieces: Piece[], start: number, end: number, f: (ch: string) => string): void {
  for (const p of pieces) {
    const from = Math.max(start, p.startFilePos);
    const to = Math.min(end, p.startFilePos + p.size);
    if (from >= to) continue;
    const a = (from - p.startFilePos) / p.bpc;
    const b = (to - p.startFilePos) / p.bpc;
    let mid = '';
    for (let i = a; i < b; i++) mid += f(p.text[i] ?? '');
    p.text = p.text.slice(0, a) + mid + p.text.slice(b);
  }
}

/**
 * A legacy form-field check box (窗体域 FORMCHECKBOX) whose FFData is at `pos` of the Data stream
 * ([MS-DOC] 2.9.78, after a PICF-like header): true/false for its state, null when it is not a check box.
 */
function formCheckBox(data: Buf, pos: number): boolean | null {
  if (pos + 6 > data.length) return null;
  const at = pos + data.readUInt16LE(pos + 4); // lcb (4 bytes), then cbHeader: the header's size
  if (at + 12 > data.length || data.readUInt32LE(at) !== 0xffffffff) return null;
  const bits = data.readUInt16LE(at + 4);
  if ((bits & 3) !== 1) return null; // iType 1: a check box
  const iRes = (bits >> 2) & 0x1f;
  if (iRes !== 25) return iRes === 1;
  // 25: its default, wDef, after the field's name (an Xstz: a count, the characters, a terminator).
  const wDef = at + 10 + 2 + 2 * data.readUInt16LE(at + 10) + 2;
  return wDef + 2 <= data.length ? data.readUInt16LE(wDef) !== 0 : null;
}

/**
 * The field around the character at file position `fc` (its \x13 … \x15) becomes one box, ☑ or □:
 * the field begin is the mark, the rest of the field characters word-extractor drops (\x00).
 */
function markField(pieces: Piece[], fc: number, checked: boolean): void {
  for (const p of pieces) {
    if (fc < p.startFilePos || fc >= p.startFilePos + p.size) continue;
    const i = (fc - p.startFilePos) / p.bpc;
    const begin = p.text.lastIndexOf('\x13', i);
    const end = p.text.indexOf('\x15', i);
    if (begin < 0 || end < 0) return;
    p.text = p.text.slice(0, begin) + (checked ? '☑' : '□') + '\x00'.repeat(end - begin) + p.text.slice(end + 1);
    return;
  }
}

/** Runs of an FKP (512-byte page) of a bin table: [fc, fcNext, page, run index]. */
function* fkpRuns(buffer: Buf, table: Buf, fcPlc: number, lcbPlc: number): Generator<[number, number, Buf, number, number]> {
  const count = (lcbPlc - 4) / 8;
  const plc = table.slice(fcPlc, fcPlc + lcbPlc);
  for (let i = 0; i < count; i++) {
    const pn = plc.readUInt32LE((count + 1) * 4 + i * 4);
    const page = buffer.slice(pn * 512, (pn + 1) * 512);
    const crun = page.readUInt8(511);
    for (let j = 0; j < crun; j++) yield [page.readUInt32LE(j * 4), page.readUInt32LE((j + 1) * 4), page, j, crun];
  }
}

type Stream = unknown;
type Extractor = {
  _pieces: Piece[];
  extractWordDocument(document: unknown, buffer: Buf): Promise<unknown>;
  documentStream(document: unknown, name: string): Promise<Stream>;
  streamBuffer(stream: Stream): Promise<Buf>;
  writeCharacterProperties(buffer: Buf, table: Buf): void;
  writeParagraphProperties(buffer: Buf, table: Buf): void;
  extract(reader: unknown): Promise<{ getBody(o?: { filterUnicode?: boolean }): string }>;
};

async function extractorClasses() {
  // word-extractor uses Node's Buffer as a global; in the browser the `buffer` package stands in for it.
  const g = globalThis as { Buffer?: unknown };
  if (typeof g.Buffer === 'undefined') g.Buffer = (await import('buffer')).Buffer;
  const [ole, reader] = await Promise.all([
    import('word-extractor/lib/word-ole-extractor.js'),
    import('word-extractor/lib/buffer-reader.js'),
  ]);
  const Base = ole.default as new () => Extractor;
  const BufferReader = reader.default as new (b: unknown) => unknown;

  class FormExtractor extends Base {
    /** The Data stream: where a paragraph's properties too large for its page are (sprmPHugePapx). */
    data: Buf | null = null;

    override async extractWordDocument(document: unknown, buffer: Buf): Promise<unknown> {
      try {
        this.data = await this.streamBuffer(await this.documentStream(document, 'Data'));
      } catch {
        this.data = null; // a document without large paragraph properties has no Data stream
      }
      return super.extractWordDocument(document, buffer);
    }

    override writeParagraphProperties(buffer: Buf, table: Buf): void {
      for (const [fc, fcNext, page, j, crun] of fkpRuns(buffer, table, buffer.readUInt32LE(0x0102), buffer.readUInt32LE(0x0106))) {
        const at = page.readUInt8((crun + 1) * 4 + j * 13) * 2;
        if (at === 0) continue;
        const cb = page.readUInt8(at);
        const grpprl = cb !== 0 ? page.slice(at + 1, at + 1 + 2 * cb - 1) : page.slice(at + 2, at + 2 + 2 * page.readUInt8(at + 1));
        let inTable = false;
        let rowEnd = false;
        let depth = 1;
        let innerCell = false;
        let innerRow = false;
        const look = (g: Buf, from: number) =>
          eachSprm(g, from, (sprm, o) => {
            if (sprm === 0x2416 && g.readUInt8(o) === 1) inTable = true;
            if (sprm === 0x2417 && g.readUInt8(o) === 1) rowEnd = true;
            if (sprm === 0x6649) depth = g.readInt32LE(o); // sprmPItap: the table depth
            if (sprm === 0x244b && g.readUInt8(o) === 1) innerCell = true; // sprmPFInnerTableCell
            if (sprm === 0x244c && g.readUInt8(o) === 1) innerRow = true; // sprmPFInnerTtp
            // sprmPHugePapx: the rest of the properties are in the Data stream (a size, then the properties).
            if (sprm === 0x6646 && this.data) {
              const pos = g.readUInt32LE(o);
              if (pos + 2 <= this.data.length) look(this.data.slice(pos + 2, pos + 2 + this.data.readUInt16LE(pos)), 0);
            }
          });
        look(grpprl, 2);
        if (innerRow) setChars(this._pieces, fc, fcNext, (ch) => (ch === '\r' || ch === '\x07' ? INNER_ROW : ch));
        else if (innerCell)
          setChars(this._pieces, fc, fcNext, (ch) => (ch === '\r' || ch === '\x07' ? INNER_CELL : ch === '\x0b' ? CELL_BREAK : ch));
        else if (rowEnd) setChars(this._pieces, fc, fcNext, (ch) => (ch === '\x07' ? ROW_END : ch));
        else if (inTable)
          setChars(this._pieces, fc, fcNext, (ch) =>
            ch === '\r' || ch === '\x0b' ? (depth >= 2 || ch === '\x0b' ? CELL_BREAK : OUTER_PARA) : ch,
          );
      }
    }

    override writeCharacterProperties(buffer: Buf, table: Buf): void {
      super.writeCharacterProperties(buffer, table); // deleted revisions
      for (const [fc, fcNext, page, j, crun] of fkpRuns(buffer, table, buffer.readUInt32LE(0x00fa), buffer.readUInt32LE(0x00fe))) {
        const at = page.readUInt8((crun + 1) * 4 + j) * 2;
        if (at === 0) continue;
        const grpprl = page.slice(at + 1, at + 1 + page.readUInt8(at));
        let struck = false;
        let fieldData = false;
        let dataAt = -1;
        eachSprm(grpprl, 0, (sprm, o) => {
          if ((sprm === 0x0837 || sprm === 0x2a53) && (grpprl.readUInt8(o) === 1 || grpprl.readUInt8(o) === 0x81)) struck = true;
          if (sprm === 0x0806 && grpprl.readUInt8(o) === 1) fieldData = true; // sprmCFData
          if (sprm === 0x6a03) dataAt = grpprl.readUInt32LE(o); // sprmCPicLocation
        });
        // A form-field check box: its state is in the Data stream, not in the text.
        const box = fieldData && dataAt >= 0 && this.data ? formCheckBox(this.data, dataAt) : null;
        if (box !== null) markField(this._pieces, fc, box);
        // Struck text goes (a struck option is not chosen); marks that end paragraphs, cells and rows stay.
        if (struck) setChars(this._pieces, fc, fcNext, (ch) => (/[\r\x07\u2028\u2029]/.test(ch) ? ch : '\x00'));
      }
    }
  }
  return { FormExtractor, BufferReader };
}

/**
 * The body text → lines of cells. A cell of the outermost table that holds a table of its own (a
 * frame around the form) gives its paragraphs as lines of their own and the inner table's rows as
 * lines, as the .docx reader does.
 */
export function docTextLines(body: string): string[][] {
  const lines: string[][] = [];
  let cells: string[] = [];
  let cur = '';
  /** The current outer cell has held a table (a frame); the current outer row has had such a cell. */
  let framed = false;
  let rowFramed = false;
  const outerLines = (t: string) => {
    for (const l of t.split(OUTER_PARA)) if (l.trim() !== '') lines.push([l.trim()]);
  };
  const cellText = (t: string) => t.split(OUTER_PARA).join('\n').trim();
  /** An inner cell ends: the frame's paragraphs before it are lines; its own text is the cell. */
  const innerText = () => {
    const k = cur.lastIndexOf(OUTER_PARA);
    if (k >= 0) outerLines(cur.slice(0, k));
    const t = cur.slice(k + 1).trim();
    cur = '';
    framed = true;
    return t;
  };
  for (const ch of body) {
    if (ch === INNER_CELL) cells.push(innerText());
    else if (ch === INNER_ROW) {
      const t = innerText();
      if (t !== '') cells.push(t);
      lines.push(cells);
      cells = [];
    } else if (ch === OUTER_PARA && framed) {
      outerLines(cur);
      cur = '';
    } else if (ch === '\t') {
      if (framed) {
        // The frame cell ends: what it held after its tables are lines too.
        outerLines(cur);
        framed = false;
        rowFramed = true;
      } else cells.push(cellText(cur));
      cur = '';
    } else if (ch === ROW_END) {
      if (cur.trim() !== '') cells.push(cellText(cur));
      if (!rowFramed || cells.some((c) => c !== '')) lines.push(cells);
      cells = [];
      cur = '';
      rowFramed = false;
    } else if (ch === CELL_BREAK) cur += '\n';
    else if (ch === '\n') {
      if (cells.length) {
        // A paragraph mark after cells that were not closed by a row end: the row ends here.
        cells.push(cellText(cur));
        lines.push(cells);
        cells = [];
      } else lines.push([cellText(cur)]);
      cur = '';
    } else cur += ch;
  }
  if (cells.length || cur.trim() !== '') lines.push(cells.length ? [...cells, cellText(cur)] : [cellText(cur)]);
  return lines;
}

export async function docLines(bytes: Uint8Array): Promise<string[][]> {
  const { FormExtractor, BufferReader } = await extractorClasses();
  const B = (globalThis as unknown as { Buffer: { from(b: ArrayBufferLike, o: number, l: number): unknown } }).Buffer;
  const doc = await new FormExtractor().extract(new BufferReader(B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  return docTextLines(doc.getBody({ filterUnicode: false }));
}
