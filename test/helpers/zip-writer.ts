/**
 * A tiny zip writer for tests: stored and deflated entries, optionally with a data descriptor (the sizes
 * and CRC after the data, zeros in the local header, as a zip written to a stream has them), and ways to
 * lie (a declared size, a CRC, a method) so the reader's checks can be seen refusing.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFileSpec {
  name: string;
  data: Buffer | string;
  /** 0 stored, 8 deflate (the default); another number is written as is, with the bytes stored. */
  method?: number;
  /** Sizes and CRC in a data descriptor after the data; the local header says 0. */
  descriptor?: boolean;
  /** What the central directory says the entry unpacks to (default: the truth). */
  declaredSize?: number;
  crc?: number;
}

export function zipOf(files: readonly ZipFileSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.from(f.data);
    const method = f.method ?? 8;
    const packed = method === 8 ? deflateRawSync(data) : data;
    const crc = f.crc ?? crc32(data);
    const size = f.declaredSize ?? data.length;
    const name = Buffer.from(f.name, 'utf8');
    const flags = 0x800 | (f.descriptor ? 0x08 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(f.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(f.descriptor ? 0 : packed.length, 18);
    local.writeUInt32LE(f.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(f.descriptor ? 16 : 0);
    if (f.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(packed.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed, descriptor);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
