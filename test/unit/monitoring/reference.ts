/**
 * The SciPy reference values (scipy-reference.json, written by test/reference/monitoring-scipy.py;
 * its `provenance` names the SciPy, NumPy and statsmodels versions and the exact calls).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type SampleSpec } from '../../helpers/samples.js';

export interface Reference {
  provenance: Record<string, unknown> & { scipy: string };
  ks: {
    name: string;
    a: SampleSpec;
    b: SampleSpec;
    method: 'auto' | 'exact' | 'asymp';
    statistic: number;
    pValue: number;
  }[];
  kstwo: { n: number; d: number; sf: number }[];
  chi2: {
    name: string;
    table: number[][];
    correction: boolean;
    statistic: number;
    pValue: number;
    dof: number;
    cramersV?: number;
  }[];
  chi2Sf: { x: number; dof: number; sf: number }[];
  wasserstein: { name: string; a: SampleSpec; b: SampleSpec; distance: number }[];
  adjust: { name: string; p: number[]; bh: number[]; holm: number[]; bhScipy: number[] }[];
}

export const REFERENCE = JSON.parse(
  readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'),
) as Reference;

/** The tests' agreement with SciPy: 1e-6 relative. */
export const RELATIVE = 1e-6;
/**
 * Below the smallest normal double (2.2e-308) a float carries only a few significant digits in
 * any implementation, so subnormal references (and exact zeros) are held to this absolute bound.
 */
export const SUBNORMAL = 2.2250738585072014e-308;

export function expectClose(actual: number, expected: number, relative = RELATIVE): void {
  const bound = Math.max(relative * Math.abs(expected), SUBNORMAL);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(bound);
}
