/**
 * Hostile zips made in the test (never committed): a member whose deflate stream inflates to
 * gigabytes of zeros, built in milliseconds by repeating one sync-flushed deflate piece, in a zip
 * whose directory tells the truth about the size or lies about it.
 */
import zlib from 'node:zlib';

/** A raw deflate stream that inflates to `pieces` × 8 MB of zeros. */
function zeroDeflate(pieces: number): { data: Buffer; size: number } {
  const pieceBytes = 8 * 1024 * 1024;
  const piece = zlib.deflateRawSync(Buffer.alloc(pieceBytes), { finishFlush: zlib.constants.Z_SYNC_FLUSH, level: 9 });
  // Each piece ends byte-aligned after an empty stored block; a final empty fixed-Huffman block closes the stream.
  return { data: Buffer.concat([...Array<Buffer>(pieces).fill(piece), Buffer.from([0x03, 0x00])]), size: pieces * pieceBytes };
}

interface Member {
  name: string;
  data: Buffer;
  /** Inflated size written in the headers (the truth unless a test makes it lie). */
  declared: number;
  method: 0 | 8;
}

function zip(members: Member[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(m.method, 8);
    local.writeUInt32LE(0, 14); // CRC (not checked before the size is)
    local.writeUInt32LE(m.data.length, 18);
    local.writeUInt32LE(m.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(m.method, 10);
    central.writeUInt32LE(m.data.length, 20);
    central.writeUInt32LE(m.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, m.data);
    centrals.push(central, name);
    offset += 30 + name.length + m.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

const stored = (name: string, text: string): Member => {
  const data = Buffer.from(text, 'utf8');
  return { name, data, declared: data.length, method: 0 };
};

/** A .docx (or, with `part` = a sheet's path, an .xlsx) whose `part` inflates to `gb` GB; `lie`: the directory says 1 KB. */
export function zipBomb(part: string, gb: number, lie = false): Uint8Array {
  const bomb = zeroDeflate(Math.round((gb * 1024) / 8));
  return zip([
    stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    { name: part, data: bomb.data, declared: lie ? 1024 : Math.min(bomb.size, 0xffffffff), method: 8 },
  ]);
}
