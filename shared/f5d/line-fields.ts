/**
 * Field readers of the line parser's hot loop: they read text in place, between two positions,
 * without slicing unless a problem is to be reported.
 */

/** Why one line was refused, naming the field at fault. */
export interface LineProblem {
  field: string;
  reason: string;
}

/** Non-negative decimal integer in text[from, to) (at most 15 digits); -1 when not one. */
export function uintAt(text: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export const fieldText = (text: string, from: number, to: number) => text.slice(from, to);

/** True when text[from, to) is only decimal digits (at least one). */
function allDigits(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An energy field: its Wh, or the problem (not an integer, or beyond any plausible meter). */
export function energyAt(
  text: string,
  from: number,
  to: number,
  field: string,
  max: number,
  empty: 'allowed' | 'refused',
): number | null | LineProblem {
  if (empty === 'allowed' && to === from) return null;
  const wh = uintAt(text, from, to);
  if (wh >= 0 && wh <= max) return wh;
  const raw = fieldText(text, from, to);
  if (allDigits(text, from, to)) {
    return { field, reason: `${raw} Wh in one hour is implausible (more than ${max} Wh)` };
  }
  const what = empty === 'allowed' ? 'not empty or an integer >= 0' : 'not an integer >= 0';
  return { field, reason: `"${raw}" is ${what}` };
}
