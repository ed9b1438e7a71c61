/**
 * A small reader of zip archives (wheels): the central directory for the listing, and one entry's bytes on demand.
 * Stored and deflated entries only, no zip64 (wheels beyond 4 GiB), which is all the wheel format uses in practice.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { inflateRawSync } from "node:zlib";
import { InputError } from "../../core/errors.js";

/** One file in a zip archive. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Lists the entries of a zip archive from its central directory (folders left out). */
export function readZipEntries(zip: Buffer, source = "archive"): ZipEntry[] {
  // The end record is 22 bytes plus a comment of up to 65535 bytes, so search backwards from the end.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new InputError(`${source}: not a zip archive (no end of central directory): pass a wheel`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new InputError(`${source}: zip64 archives are not supported: unpack it and diff the directory`);
  }
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new InputError(`${source}: corrupt zip central directory at entry ${n}: rebuild the archive`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeaderOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    if (!name.endsWith("/")) entries.push({ name, method, compressedSize, size, localHeaderOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry. */
export function extractZipEntry(zip: Buffer, entry: ZipEntry, source = "archive"): Buffer {
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_FILE_HEADER) {
    throw new InputError(`${source}: corrupt zip entry ${entry.name}: rebuild the archive`);
  }
  // The local header's own lengths count, not the central directory's: its extra field may differ.
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new InputError(
    `${source}: entry ${entry.name} uses compression method ${entry.method}: only stored and deflate are read`,
  );
}
