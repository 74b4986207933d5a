/**
 * The report roll-up's samples, packed by the triggers of migration `report_days_packed` (SQL writes them; only this
 * reads them). A value is one of:
 * - 4 bytes, big-endian, first byte below 0xF0: a whole number of milliseconds, 0 to 4,026,531,839 (46 days);
 * - 0xF0 and 6 bytes, big-endian two's complement: the value times 4096 (negative values, and fractions of a
 *   millisecond in steps of 2^-12, as any difference of two timestamps between 2004 and 2039 is);
 * - 0xF1, a length byte and that many ASCII characters: the value as SQLite's printf wrote it (exact).
 * As JSON a day's samples took ~2.3 KB for an operator, a page each; packed, two or three rows share a page.
 */

/** Appends the samples packed in `packed` to `into`. */
export function unpackSamples(packed: Uint8Array, into: number[]): void {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  let at = 0;
  while (at < packed.length) {
    const lead = packed[at]!;
    if (lead < 0xf0) {
      into.push(view.getUint32(at));
      at += 4;
    } else if (lead === 0xf0) {
      into.push((view.getInt16(at + 1) * 2 ** 32 + view.getUint32(at + 3)) / 4096);
      at += 7;
    } else if (lead === 0xf1) {
      const length = packed[at + 1]!;
      into.push(Number(String.fromCharCode(...packed.subarray(at + 2, at + 2 + length))));
      at += 2 + length;
    } else {
      throw new Error(`report roll-up: unknown sample tag 0x${lead.toString(16)} at byte ${at}`);
    }
  }
  // The fixed-size forms cannot run past the end unnoticed (DataView throws); a text one could.
  if (at !== packed.length) throw new Error("report roll-up: a packed sample runs past the end");
}
