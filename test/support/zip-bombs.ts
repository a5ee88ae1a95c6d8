import { deflateRawSync } from 'node:zlib';

/** One zip entry: its name and the bytes it inflates to (or pre-compressed bytes with a lie). */
export interface ZipEntry {
  name: string;
  data?: Buffer;
  /** Deflated bytes to store as they are (e.g. shared by several entries). */
  deflated?: Buffer;
  /** The uncompressed size the headers declare (default: the truth). */
  declaredSize?: number;
}

/**
 * A minimal zip writer for abusive archives: CRCs are left 0 (a reader that checks them refuses
 * the file anyway; the point is what it inflates before that). `alias` adds central-directory
 * entries that all point at the first local entry (an overlapping bomb).
 */
export function buildZip(entries: ZipEntry[], alias = 0): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const central = (name: Buffer, size: number, compressed: number, declared: number, at: number) => {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(compressed, 20);
    c.writeUInt32LE(declared, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(at, 42);
    void size;
    return Buffer.concat([c, name]);
  };
  let first: { name: Buffer; compressed: number; declared: number } | undefined;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const deflated = entry.deflated ?? deflateRawSync(entry.data ?? Buffer.alloc(0));
    const declared = entry.declaredSize ?? entry.data?.length ?? 0;
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(20, 4);
    l.writeUInt16LE(8, 8);
    l.writeUInt32LE(deflated.length, 18);
    l.writeUInt32LE(declared, 22);
    l.writeUInt16LE(name.length, 26);
    locals.push(l, name, deflated);
    centrals.push(central(name, declared, deflated.length, declared, offset));
    first ??= { name, compressed: deflated.length, declared };
    offset += 30 + name.length + deflated.length;
  }
  for (let i = 0; i < alias && first; i++) {
    centrals.push(central(Buffer.from(`xl/alias${i}.xml`), 0, first.compressed, first.declared, 0));
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const SKELETON: ZipEntry[] = [
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
  {
    name: 'xl/workbook.xml',
    data: Buffer.from('<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>'),
  },
];

/** The shapes of zip bomb the import must refuse while inflating. */
export function zipBombs(): Record<string, Buffer> {
  const huge = Buffer.alloc(64 * 1024 * 1024, '<si><t>a</t></si>');
  const deflatedHuge = deflateRawSync(huge);
  const cells = Buffer.from(
    `<worksheet><sheetData><row r="1">${'<c r="A1"/>'.repeat(400_000)}</row></sheetData></worksheet>`,
  );
  const mib = deflateRawSync(Buffer.alloc(1024 * 1024, 'x'));
  return {
    // 64 MiB of shared strings in well under a MiB.
    sharedStrings: buildZip([
      ...SKELETON,
      { name: 'xl/sharedStrings.xml', deflated: deflatedHuge, declaredSize: 1000 },
    ]),
    // Small inflated, but 400,000 cells.
    manyCells: buildZip([...SKELETON, { name: 'xl/worksheets/sheet1.xml', data: cells }]),
    // 40 entries of 1 MiB each, every one declaring 10 bytes.
    manyEntries: buildZip([
      ...SKELETON,
      ...Array.from({ length: 40 }, (_, i) => ({
        name: `xl/media/m${i}.bin`,
        deflated: mib,
        declaredSize: 10,
      })),
    ]),
    // One 1 MiB entry that 60 central-directory records point at.
    overlapping: buildZip(
      [{ name: 'xl/worksheets/sheet1.xml', deflated: mib, declaredSize: 10 }, ...SKELETON],
      60,
    ),
  };
}
