/**
 * Limits on what a zip (a .docx form, an .xlsx workbook) may inflate to, checked before anything is
 * inflated for reading: first the sizes the zip's central directory declares (fflate lists them
 * without inflating), then the members themselves inflated a slice at a time with only a running
 * count kept, so a member whose directory entry lies is stopped as soon as it passes its declared
 * size or the limit. A zip bomb is refused in milliseconds and in a few megabytes of memory.
 */
import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from 'fflate';

export interface ZipLimits {
  /** Inflated bytes any one member read may have. */
  memberBytes: number;
  /** Inflated bytes of all members read together. */
  totalBytes: number;
}

/** Compressed bytes pushed at a time while counting: at most ~1,000× that inflates per step. */
const SLICE = 16 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} MB`;

export class ZipLimitError extends Error {}

/** The zip's members as its central directory lists them (nothing inflated). */
export function zipDirectory(bytes: Uint8Array): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  unzipSync(bytes, {
    filter: (f) => {
      entries.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression });
      return false;
    },
  });
  return entries;
}

/**
 * Throws ZipLimitError (a Chinese sentence naming the file, the member and the limit) when a member
 * that `reads` selects would inflate past the limits; any other failure to read the zip throws too.
 */
export function checkZip(file: string, bytes: Uint8Array, reads: (name: string) => boolean, limits: ZipLimits): void {
  let entries: UnzipFileInfo[];
  try {
    entries = zipDirectory(bytes);
  } catch {
    throw new ZipLimitError(`「${file}」是一个 ZIP 文件，但无法读取其目录（文件可能已损坏或不完整）`);
  }
  const read = entries.filter((e) => reads(e.name));
  const over = (what: string, size: number, limit: number) =>
    new ZipLimitError(
      `「${file}」中的 ${what} 解压后有 ${mb(size)}，超过上限 ${mb(limit)}，未读取（可能是损坏或恶意构造的文件）。如确为正常文件，请拆分后再加载`,
    );
  let total = 0;
  for (const e of read) {
    if (e.originalSize > limits.memberBytes) throw over(e.name, e.originalSize, limits.memberBytes);
    total += e.originalSize;
  }
  if (total > limits.totalBytes) throw over(`${read.length} 个部件`, total, limits.totalBytes);
  // The directory can lie: count what each member really inflates to, stopping at its declared size.
  const declared = new Map(read.map((e) => [e.name, e.originalSize]));
  let error: ZipLimitError | null = null;
  const unzip = new Unzip((f) => {
    const limit = declared.get(f.name);
    if (limit === undefined || error) return;
    let n = 0;
    f.ondata = (err, chunk) => {
      if (err) {
        error ??= new ZipLimitError(`「${file}」中的 ${f.name} 无法解压（文件可能已损坏）`);
        return;
      }
      n += chunk.length;
      if (n > limit && !error)
        error = new ZipLimitError(`「${file}」中的 ${f.name} 解压后超过其目录所记的 ${mb(limit)}，未读取（文件已损坏或是恶意构造的）`);
    };
    f.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let pos = 0; pos < bytes.length && !error; pos += SLICE) unzip.push(bytes.subarray(pos, pos + SLICE), pos + SLICE >= bytes.length);
  } catch {
    error ??= new ZipLimitError(`「${file}」是一个 ZIP 文件，但无法解压（文件可能已损坏）`);
  }
  if (error) throw error;
}
