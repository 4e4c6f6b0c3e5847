import { type Reading } from '../types.js';

/**
 * One reading as a JSON line: cups, hourEnd (UTC ISO-8601), wh, exportWh, kind, fileDate,
 * version, method, firm. Hand-built because it runs once per reading on the CLI's hot path.
 */
export function readingToJsonLine(r: Reading): string {
  return (
    `{"cups":"${r.cups}","hourEnd":"${new Date(r.hourEnd).toISOString()}","wh":${r.wh},` +
    `"exportWh":${r.exportWh},"kind":"${r.kind}","fileDate":${r.fileDate},"version":${r.version},` +
    `"method":${r.method},"firm":${r.firm}}\n`
  );
}
