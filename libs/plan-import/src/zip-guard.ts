import { inflateRawSync } from 'node:zlib';

/**
 * Bounds on what an .xlsx may inflate to, checked before SheetJS sees it. A plan of 5,000 rows
 * inflates to a few MiB; a zip bomb of 300 KiB can claim 300 MB of shared strings, which SheetJS
 * would inflate and parse whole (out of heap). The declared sizes in a zip may lie, so every entry
 * is actually inflated here with a hard output cap (zlib stops at it), counting as it goes.
 */
export const XLSX_LIMITS = {
  /** All entries together, inflated. */
  inflatedBytes: 32 * 1024 * 1024,
  entries: 1000,
  /** `<c` elements over all worksheets, and `<si` shared strings. */
  cells: 300_000,
} as const;

export type ZipVerdict =
  | { ok: true; inflatedBytes: number; cells: number }
  | { ok: false; reason: 'corrupt'; detail: string }
  | { ok: false; reason: 'inflatedBytes' | 'cells' | 'entries'; max: number; actual: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

// Counts `<c ` / `<c>` / `<si>` / `<si ` occurrences (no XML parse: linear and allocation-free).
function countTags(data: Buffer, tag: string): number {
  const open = Buffer.from(`<${tag}`);
  let count = 0;
  let at = data.indexOf(open);
  while (at !== -1) {
    const next = data[at + open.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) {
      count++;
    }
    at = data.indexOf(open, at + open.length);
  }
  return count;
}

/** Walks the central directory and inflates each entry under the limits; never inflates past them. */
export function inspectXlsxZip(input: Uint8Array, limits = XLSX_LIMITS): ZipVerdict {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const corrupt = (detail: string): ZipVerdict => ({ ok: false, reason: 'corrupt', detail });
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) return corrupt('no zip central directory');
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) return corrupt('ZIP64 archives are not supported');
  if (entries > limits.entries) return { ok: false, reason: 'entries', max: limits.entries, actual: entries };
  let inflated = 0;
  let cells = 0;
  let p = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return corrupt('broken central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) {
      return corrupt(`broken entry ${name.slice(0, 80)}`);
    }
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compressed > buf.length) return corrupt(`truncated entry ${name.slice(0, 80)}`);
    const raw = buf.subarray(start, start + compressed);
    const budget = limits.inflatedBytes - inflated;
    let data: Buffer;
    if (method === 0) {
      data = raw;
    } else if (method === 8) {
      try {
        // One byte over the budget is enough to know it is too much; zlib stops there.
        data = inflateRawSync(raw, { maxOutputLength: budget + 1 });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          return {
            ok: false,
            reason: 'inflatedBytes',
            max: limits.inflatedBytes,
            actual: limits.inflatedBytes + 1,
          };
        }
        return corrupt(`entry ${name.slice(0, 80)} does not inflate`);
      }
    } else {
      return corrupt(`compression method ${method} is not supported`);
    }
    inflated += data.length;
    if (inflated > limits.inflatedBytes) {
      return { ok: false, reason: 'inflatedBytes', max: limits.inflatedBytes, actual: inflated };
    }
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) cells += countTags(data, 'c');
    else if (/^xl\/sharedStrings\.xml$/i.test(name)) cells += countTags(data, 'si');
    if (cells > limits.cells) return { ok: false, reason: 'cells', max: limits.cells, actual: cells };
  }
  return { ok: true, inflatedBytes: inflated, cells };
}
