import { HOUR_MS, type Zone } from '../calendar/zone.js';
import { hourEndLabel } from '../f5d/format.js';

/**
 * Hour labels of the synthetic files, `YYYY/MM/DD HH:MM;flag` (18 ASCII bytes), from the same
 * formatter the parser's tests use: the transition hour reads as winter time on both DST days
 * (March `02:00;0` then `04:00;1`; October `02:00;1` then `02:00;0`).
 */
export const LABEL_BYTES = 18;

/** Labels of `hours` consecutive hours ending from firstHourEnd (UTC ms) on, 18 bytes each. */
export function hourLabelBytes(firstHourEnd: number, hours: number, zone: Zone): Uint8Array {
  const out = new Uint8Array(hours * LABEL_BYTES);
  for (let i = 0; i < hours; i++) {
    const { label, flag } = hourEndLabel(firstHourEnd + i * HOUR_MS, zone);
    const text = `${label};${flag}`;
    for (let k = 0; k < LABEL_BYTES; k++) out[i * LABEL_BYTES + k] = text.charCodeAt(k);
  }
  return out;
}
