import { makeCups } from '../../shared/f5d/cups.js';
import { formatF5dLine, formatP5dLine } from '../../shared/f5d/format.js';
import { type SourceKind } from '../../shared/types.js';

export const HOUR_MS = 3_600_000;

/** CUPS of test supply `i` (valid check letters). */
export function testCups(i: number): string {
  return makeCups(`0021${String(i).padStart(12, '0')}`);
}

/**
 * The text of a metering file: `hours` consecutive hours from `fromUtc` for each supply,
 * values `wh(supply, hourIndex)`, CRLF lines.
 */
export function meterFileText(
  kind: SourceKind,
  supplies: readonly number[],
  fromUtc: number,
  hours: number,
  wh: (supply: number, hour: number) => number,
): string {
  const lines: string[] = [];
  for (const s of supplies) {
    const cups = testCups(s);
    for (let h = 0; h < hours; h++) {
      const hourEnd = fromUtc + (h + 1) * HOUR_MS;
      lines.push(
        kind === 'P5D'
          ? formatP5dLine(cups, hourEnd, 'Europe/Madrid', wh(s, h))
          : formatF5dLine(cups, hourEnd, 'Europe/Madrid', { wh: wh(s, h), invoice: 'FAC' }),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
