import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { HOUR_MS } from '../shared/calendar/zone.js';
import { makeCups } from '../shared/f5d/cups.js';
import { formatF5dLine } from '../shared/f5d/format.js';

/**
 * Writes (once, then reuses) an uncompressed F5D file of `lines` lines: supplies of 10,000
 * consecutive hours each from 2023-01-01, crossing two DST changes, CRLF like distributors.
 */
export async function ensureMeterFile(workDir: string, lines: number): Promise<string> {
  const path = join(workDir, `F5D_0021_0762_20250101.${lines}`);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  const perSupply = 10_000;
  const start = Date.UTC(2023, 0, 1, 0);
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    const supply = Math.floor(i / perSupply);
    const cups = makeCups(`0021${String(supply).padStart(12, '0')}`);
    const hourEnd = start + ((i % perSupply) + 1) * HOUR_MS;
    const wh = 100 + ((i * 7919) % 2000);
    buffer += `${formatF5dLine(cups, hourEnd, 'Europe/Madrid', { wh, method: 1, firm: true, invoice: 'FAC-2023' })}\r\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  renameSync(tmp, path);
  return path;
}
