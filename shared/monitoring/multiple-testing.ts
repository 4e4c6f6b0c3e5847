/**
 * Corrections for testing many features at once, as statsmodels' multipletests and R's p.adjust:
 * Benjamini-Hochberg controls the false discovery rate, Holm the family-wise error rate.
 */
import { InvalidInputError } from '../errors.js';

export type Correction = 'benjamini-hochberg' | 'holm';

export const CORRECTIONS: readonly Correction[] = ['benjamini-hochberg', 'holm'];

/**
 * Adjusted p-values, in the input's order (ties keep their order: the result does not depend on
 * it). Benjamini-Hochberg (1995): p₍ᵢ₎ · m / i, made monotone from the largest down.
 * Holm (1979): p₍ᵢ₎ · (m − i + 1), made monotone from the smallest up. Both capped at 1.
 * @throws InvalidInputError for a p-value outside [0, 1] or NaN, or an unknown method
 * @example adjustPValues([0.01, 0.04, 0.03], 'benjamini-hochberg') // [0.03, 0.04, 0.04]
 */
export function adjustPValues(pValues: readonly number[], method: Correction): number[] {
  for (const [i, p] of pValues.entries()) {
    if (!(p >= 0 && p <= 1)) throw new InvalidInputError(`p-value ${i} is not in [0, 1]: ${p}`);
  }
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((x, y) => pValues[x]! - pValues[y]! || x - y);
  const adjusted = new Array<number>(m);
  if (method === 'benjamini-hochberg') {
    let running = 1;
    for (let rank = m; rank >= 1; rank--) {
      const index = order[rank - 1]!;
      running = Math.min(running, (pValues[index]! * m) / rank);
      adjusted[index] = running;
    }
  } else if (method === 'holm') {
    let running = 0;
    for (let rank = 1; rank <= m; rank++) {
      const index = order[rank - 1]!;
      running = Math.max(running, Math.min(1, pValues[index]! * (m - rank + 1)));
      adjusted[index] = running;
    }
  } else {
    throw new InvalidInputError(
      `Unknown correction "${String(method)}": use ${CORRECTIONS.join(' or ')}`,
    );
  }
  return adjusted;
}
