/** The drift rule: one firing per feature the drift evaluation put in alarm. */
import { type AlertConfig } from '../../config-alerts.js';
import { type DriftEvaluation, type DriftOptions } from '../../monitoring/drift.js';
import { type Firing, type RuleEvaluation } from '../firing.js';

export const DRIFT_RULE = 'drift';

/** The drift evaluation options the MCE_ALERT_DRIFT_* variables set. */
export function driftOptions(config: AlertConfig): Partial<DriftOptions> {
  return {
    alpha: config.driftAlpha,
    minEffect: config.driftMinEffect,
    minCramersV: config.driftMinCramersV,
    correction: config.driftCorrection,
  };
}

/**
 * Fires for every feature in alarm (corrected p below alpha and effect at least its minimum).
 * Severity critical when the effect is at least twice its minimum, else warning.
 */
export function evaluateDriftRule(drift: DriftEvaluation): RuleEvaluation {
  const firings: Firing[] = drift.features
    .filter((f) => f.alarm)
    .map((f) => ({
      ruleId: DRIFT_RULE,
      subject: `feature ${f.feature}`,
      severity: f.effect >= 2 * f.minEffect ? 'critical' : 'warning',
      summary: `drift in ${f.feature}: ${f.effectName} ${f.effect.toPrecision(3)} (minimum ${f.minEffect}), adjusted p ${f.adjustedPValue.toExponential(2)}`,
      details: [
        `Test: ${f.test === 'ks' ? 'two-sample Kolmogorov-Smirnov' : 'chi-squared'} statistic ${f.statistic.toPrecision(4)}, p ${f.pValue.toExponential(3)}.`,
        `Corrected over ${drift.features.length} features by ${drift.correction}; alarm below ${drift.alpha}.`,
        `Reference ${f.referenceSize} observations, recent window ${f.recentSize}.`,
      ].join('\n'),
      values: {
        test: f.test,
        statistic: f.statistic,
        pValue: f.pValue,
        adjustedPValue: f.adjustedPValue,
        correction: drift.correction,
        effectName: f.effectName,
        effect: f.effect,
        minEffect: f.minEffect,
      },
    }));
  return { ruleId: DRIFT_RULE, firings };
}
