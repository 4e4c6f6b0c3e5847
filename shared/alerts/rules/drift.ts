/** The drift rule: one firing per model version, listing every feature the drift evaluation put in alarm. */
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
 * Fires once for all the features in alarm (corrected p below alpha and effect at least its
 * minimum): one incident, `inputs of <version>`, whose e-mail lists every drifting feature, so
 * that a change that moves five inputs is one page, not five. Severity critical when some effect
 * is at least twice its minimum, else warning.
 */
export function evaluateDriftRule(drift: DriftEvaluation, modelVersion: string): RuleEvaluation {
  const alarms = drift.features.filter((f) => f.alarm);
  if (alarms.length === 0) return { ruleId: DRIFT_RULE, firings: [] };
  const worst = alarms.reduce((a, f) => (f.effect / f.minEffect > a.effect / a.minEffect ? f : a));
  const firing: Firing = {
    ruleId: DRIFT_RULE,
    subject: `inputs of ${modelVersion}`,
    severity: alarms.some((f) => f.effect >= 2 * f.minEffect) ? 'critical' : 'warning',
    summary: `drift in ${alarms.length} of ${drift.features.length} inputs: ${alarms.map((f) => `${f.feature} ${f.effect.toPrecision(2)}`).join(', ')}`,
    details: [
      ...alarms.map(
        (f) =>
          `${f.feature}: ${f.test === 'ks' ? 'two-sample Kolmogorov-Smirnov' : 'chi-squared'} statistic ${f.statistic.toPrecision(4)}, p ${f.pValue.toExponential(3)}, adjusted p ${f.adjustedPValue.toExponential(2)}; ${f.effectName} ${f.effect.toPrecision(3)} (minimum ${f.minEffect}); reference ${f.referenceSize} observations, recent ${f.recentSize}.`,
      ),
      `Corrected over ${drift.features.length} features by ${drift.correction}; alarm below ${drift.alpha}.`,
    ].join('\n'),
    values: {
      features: alarms.map((f) => f.feature).join(','),
      alarms: alarms.length,
      tested: drift.features.length,
      correction: drift.correction,
      worstFeature: worst.feature,
      worstEffect: worst.effect,
      worstEffectName: worst.effectName,
      worstAdjustedPValue: worst.adjustedPValue,
    },
  };
  return { ruleId: DRIFT_RULE, firings: [firing] };
}
