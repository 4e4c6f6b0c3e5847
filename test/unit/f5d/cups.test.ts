import { describe, expect, it } from 'vitest';
import { checkCups, cupsCheckLetters, makeCups } from '../../../shared/f5d/cups.js';

describe('cupsCheckLetters', () => {
  it.each([
    // n mod 529 = r; letters = TABLE[r div 23] + TABLE[r mod 23], TABLE = TRWAGMYFPDXBNJZSQVHLCKE
    ['0000000000000000', 'TT'], // r = 0
    ['0000000000000024', 'RR'], // r = 24 -> (1, 1)
    ['0000000000000528', 'EE'], // r = 528 -> (22, 22)
    ['0000000000000529', 'TT'], // r = 0 again
    ['0031000000000001', 'BJ'], // r = 266 -> (11, 13)
  ])('gives the check letters of %s', (digits, letters) => {
    expect(cupsCheckLetters(digits)).toBe(letters);
  });
});

describe('checkCups', () => {
  it('accepts a 20-character CUPS and one with a border suffix', () => {
    expect(checkCups('ES0031000000000001BJ')).toBeUndefined();
    expect(checkCups('ES0031000000000001BJ0F')).toBeUndefined();
  });

  it.each([
    ['ES0031000000000001BX', 'check-letters'],
    ['ES0031000000000001B', 'length'],
    ['FR0237000000130940CT', 'prefix'],
    ['ES02370000001309A0CT', 'digits'],
    ['ES0031000000000001BJxx', 'suffix'],
  ])('rejects %s for %s', (cups, problem) => {
    expect(checkCups(cups)).toBe(problem);
  });

  it('round-trips makeCups', () => {
    expect(checkCups(makeCups('0031123456789012'))).toBeUndefined();
  });
});
