/**
 * Bytes → text for CSV files: UTF-8 (with or without BOM), else GBK/GB18030 as Excel saves it.
 * Binary files (images, zip, Excel .xlsx renamed .csv) are recognised and refused. Whole (forms, a
 * few pages) or a piece at a time (exports of any size: `textPieces`).
 */
import { bytePieces, type ByteSource } from './byteSource';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
export type Decoded = { text: string; encoding: Encoding; error?: undefined } | { error: string };

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文件'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP 压缩包（如 .xlsx / .docx）'],
  [[0xd0, 0xcf, 0x11, 0xe0], '旧版 Office 文件（.xls / .doc）'],
];

export function sniffBinary(bytes: Uint8Array): string | null {
  for (const [sig, name] of MAGIC) if (sig.every((b, i) => bytes[i] === b)) return name;
  const n = Math.min(bytes.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return '二进制文件';
    if (b < 9 || (b > 13 && b < 32)) ctrl++;
  }
  return n > 0 && ctrl / n > 0.05 ? '二进制文件' : null;
}

const UNKNOWN_ENCODING = '文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030';
const tooManyUnknown = (bad: number, chars: number) => bad > Math.max(3, chars / 200);

/** What the first bytes say: a binary file (refused), a byte-order mark, or nothing (then UTF-8 is tried first). */
export function encodingFromHead(head: Uint8Array): { error: string } | { encoding: Encoding | null; error?: undefined } {
  // Byte-order marks first: UTF-16 text (Excel's "Unicode 文本") is half zero bytes and would look binary.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  const bin = sniffBinary(head);
  if (bin)
    return {
      error: `这是${bin}，不是 CSV 文本文件${
        /旧版 Office/.test(bin)
          ? '（如果是 Excel 97-2003 工作簿或 Word 97-2003 表单：把文件扩展名改回 .xls 或 .doc 后再加载）'
          : /xlsx/.test(bin)
            ? '（如果是 Excel 工作簿或 Word 表单：把文件扩展名改回 .xlsx 或 .docx 后再加载；如果是压缩包：先解压，再把其中的文件一起拖入）'
            : /PDF/.test(bin)
              ? '（PDF 中的表格无法可靠地读回：请加载原来的 Word 表单 .docx/.doc，或另存为 Excel/CSV 的表）'
              : /图片/.test(bin)
                ? '（扫描件或截图中的文字无法读取：请加载原来的 Word 表单或 Excel 表）'
                : ''
      }`,
    };
  return { encoding: null };
}

/** Thrown by `textPieces` when the bytes are not valid in the encoding it was asked for. */
export class EncodingError extends Error {}

/** Counts of what `textPieces` decoded, for the GB18030 check at the end of a pass. */
export interface DecodeStats {
  chars: number;
  unknown: number;
}

/**
 * The text of a source, `pieceBytes` at a time; a character split across two pieces is decoded
 * once, whole (a streaming TextDecoder). UTF-8 is strict (EncodingError on the first invalid byte);
 * GB18030 counts the characters it could not map (`decodeWith` refuses a file with too many).
 */
export async function* textPieces(
  src: ByteSource,
  encoding: Encoding,
  pieceBytes: number,
  stats?: DecodeStats,
  onPiece?: (bytesRead: number) => void,
): AsyncGenerator<string> {
  const utf8 = encoding === 'utf-8' || encoding === 'utf-8-bom';
  const decoder = new TextDecoder(utf8 ? 'utf-8' : encoding, { fatal: utf8 });
  const from = encoding === 'utf-8-bom' ? 3 : encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 0;
  const take = (piece: string) => {
    if (stats) {
      stats.chars += piece.length;
      if (encoding === 'gb18030') for (let i = piece.indexOf('\ufffd'); i >= 0; i = piece.indexOf('\ufffd', i + 1)) stats.unknown++;
    }
    return piece;
  };
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new EncodingError(encoding === 'utf-8-bom' ? '文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8' : '内容不是有效的 UTF-8');
    }
  };
  let read = from;
  for await (const bytes of bytePieces(src, pieceBytes, from)) {
    read += bytes.length;
    onPiece?.(read);
    const piece = decode(bytes);
    if (piece) yield take(piece);
  }
  const last = decode();
  if (last) yield take(last);
}

/**
 * Runs `pass` over the source's text: in the encoding its first bytes name, else as UTF-8, and once
 * more as GBK/GB18030 when the bytes are not valid UTF-8. Binary files are refused, and so is text
 * with too many characters GB18030 cannot map.
 */
export async function decodeWith<T>(
  src: ByteSource,
  pass: (encoding: Encoding, stats: DecodeStats) => Promise<T>,
): Promise<{ value: T; encoding: Encoding; error?: undefined } | { error: string }> {
  const sniffed = encodingFromHead(await src.read(0, 8192));
  if (sniffed.error !== undefined) return sniffed;
  let encoding: Encoding = sniffed.encoding ?? 'utf-8';
  let stats: DecodeStats = { chars: 0, unknown: 0 };
  let value: T;
  try {
    value = await pass(encoding, stats);
  } catch (e) {
    if (!(e instanceof EncodingError)) throw e;
    if (sniffed.encoding) return { error: e.message };
    encoding = 'gb18030';
    stats = { chars: 0, unknown: 0 };
    value = await pass(encoding, stats);
  }
  return tooManyUnknown(stats.unknown, stats.chars) ? { error: UNKNOWN_ENCODING } : { value, encoding };
}

/** The whole text of a small file (a form). */
export async function decodeText(src: ByteSource): Promise<Decoded> {
  const r = await decodeWith(src, async (encoding, stats) => {
    let text = '';
    for await (const piece of textPieces(src, encoding, Math.max(src.size, 1), stats)) text += piece;
    return text;
  });
  return r.error !== undefined ? r : { text: r.value, encoding: r.encoding };
}
