import { ValidationGateError } from '../errors.js';

/**
 * The registration gate: a trained model is registered only when every check passes. Each check
 * says what it measured and what it needed, so a refusal names the checks that failed.
 */

export interface GateOptions {
  /** Required WAPE improvement over the strongest baseline, a fraction (0.01 = 1 % better). */
  minSkill: number;
  /** Accepted band for the share of actuals within [p10, p90] on the backtest. */
  coverageMin: number;
  coverageMax: number;
}

export interface GateCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** What the accuracy checks read from a backtest. */
export interface GateEvidence {
  modelWape: number;
  /** WAPE of each baseline on the same rows, by name. */
  baselineWape: Record<string, number>;
  /** Share of actuals within [p10, p90]. */
  coverage: number;
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The strongest (lowest-WAPE) baseline and its WAPE; NaN WAPEs are ignored. */
export function strongestBaseline(baselineWape: Record<string, number>): {
  name: string;
  wape: number;
} {
  let best = { name: 'none', wape: Number.NaN };
  for (const [name, wape] of Object.entries(baselineWape)) {
    if (Number.isFinite(wape) && !(wape >= best.wape)) best = { name, wape };
  }
  return best;
}

/**
 * The accuracy checks: skill over the strongest baseline of at least minSkill, and p10–p90
 * coverage within [coverageMin, coverageMax].
 * @example accuracyChecks({ modelWape: 0.5, baselineWape: { median28: 0.55 }, coverage: 0.8 }, { minSkill: 0.01, coverageMin: 0.7, coverageMax: 0.9 }) // both pass
 */
export function accuracyChecks(evidence: GateEvidence, options: GateOptions): GateCheck[] {
  const strongest = strongestBaseline(evidence.baselineWape);
  const skill = 1 - evidence.modelWape / strongest.wape;
  const { coverage, modelWape } = evidence;
  return [
    {
      name: 'skill',
      passed: skill >= options.minSkill,
      detail: `WAPE ${pct(modelWape)} against ${strongest.name} ${pct(strongest.wape)}: skill ${pct(skill)}, needs ≥ ${pct(options.minSkill)}`,
    },
    {
      name: 'coverage',
      passed: coverage >= options.coverageMin && coverage <= options.coverageMax,
      detail: `p10–p90 covers ${pct(coverage)} of actuals, needs ${pct(options.coverageMin)}–${pct(options.coverageMax)}`,
    },
  ];
}

/**
 * Throws when any check failed, naming every failed check and its detail.
 * @throws ValidationGateError listing the failed checks (not retryable: the data will not change)
 */
export function assertGatePassed(checks: readonly GateCheck[]): void {
  const failed = checks.filter((c) => !c.passed);
  if (failed.length === 0) return;
  throw new ValidationGateError(
    `Failed ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`,
    { details: { failed: failed.map((c) => c.name), checks } },
  );
}
