/**
 * A file's content, read a range at a time: bytes already in memory (Node, tests, fetched sample) or
 * a Blob (a File the user chose, read by the import worker without ever holding it whole).
 */
export interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export type FileContent = Uint8Array | Blob;

export function byteSource(content: FileContent): ByteSource {
  if (content instanceof Uint8Array) {
    return { size: content.length, read: async (start, end) => content.subarray(start, Math.min(end, content.length)) };
  }
  return {
    size: content.size,
    read: async (start, end) => new Uint8Array(await content.slice(start, Math.min(end, content.size)).arrayBuffer()),
  };
}

export function readAll(src: ByteSource): Promise<Uint8Array> {
  return src.read(0, src.size);
}

/** The content's pieces in order, `pieceBytes` at a time. */
export async function* bytePieces(src: ByteSource, pieceBytes: number, from = 0): AsyncGenerator<Uint8Array> {
  for (let pos = from; pos < src.size; pos += pieceBytes) yield await src.read(pos, pos + pieceBytes);
}
