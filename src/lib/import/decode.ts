/**
 * Bytes → text for CSV files: UTF-8 (with or without BOM), else GBK/GB18030 as Excel saves it.
 * Binary files (images, zip, Excel .xlsx renamed .csv) are recognised and refused.
 */
export type Decoded = { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'gb18030'; error?: undefined } | { error: string };

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

export function decodeText(bytes: Uint8Array): Decoded {
  const bin = sniffBinary(bytes);
  if (bin) return { error: `这是${bin}，不是 CSV 文本文件` };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      return { error: '文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8' };
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = new TextDecoder('gb18030').decode(bytes);
    const bad = (text.match(/\ufffd/g) ?? []).length;
    if (bad > Math.max(3, text.length / 200)) return { error: '文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030' };
    return { text, encoding: 'gb18030' };
  }
}
