/**
 * CUPS (Código Universal de Punto de Suministro): `ES` + 16 digits + 2 check letters, and an
 * optional 2-character border suffix (e.g. `0F`). Supplies are keyed on the first 20 characters.
 */

/** Check-letter table used by the CNMC for CUPS. */
const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/**
 * The two check letters for the 16 digits of a CUPS: with n the 16 digits as an integer and
 * r = n mod 529, the letters are the table entries at r div 23 and r mod 23.
 * @example cupsCheckLetters('0031000000000000') // 'ZM' (computed from the rule above)
 */
export function cupsCheckLetters(digits16: string): string {
  // n mod 529 without 64-bit integers: fold the digits left to right.
  let r = 0;
  for (let i = 0; i < digits16.length; i++) r = (r * 10 + (digits16.charCodeAt(i) - 48)) % 529;
  return CHECK_LETTERS.charAt(Math.floor(r / 23)) + CHECK_LETTERS.charAt(r % 23);
}

export type CupsProblem = 'length' | 'prefix' | 'digits' | 'check-letters' | 'suffix';

/** Validates a CUPS (20 or 22 characters); returns the problem or undefined when valid. */
export function checkCups(cups: string): CupsProblem | undefined {
  if (cups.length !== 20 && cups.length !== 22) return 'length';
  if (cups.charCodeAt(0) !== 69 || cups.charCodeAt(1) !== 83) return 'prefix';
  for (let i = 2; i < 18; i++) {
    const c = cups.charCodeAt(i);
    if (c < 48 || c > 57) return 'digits';
  }
  if (cups.slice(18, 20) !== cupsCheckLetters(cups.slice(2, 18))) return 'check-letters';
  if (cups.length === 22 && !/^[0-9][A-Z]$/.test(cups.slice(20))) return 'suffix';
  return undefined;
}

/** Builds a valid 20-character CUPS from its 16 digits. */
export function makeCups(digits16: string): string {
  if (!/^\d{16}$/.test(digits16)) throw new RangeError(`CUPS needs 16 digits, got "${digits16}"`);
  return `ES${digits16}${cupsCheckLetters(digits16)}`;
}
