import { describe, expect, it } from 'vitest';
import { evaluateDrift } from '../../../shared/monitoring/drift.js';
import {
  buildDriftSection,
  buildScoreSection,
  driftDayOf,
} from '../../../shared/report/monitoring.js';
import { type DailyScore } from '../../../shared/report/report-data.js';
import { prng } from '../../helpers/prng.js';

function score(date: string, baselines: Record<string, number>, wape = 0.2): DailyScore {
  return {
    date,
    status: 'final',
    stages: { prod: { wape, coverage: 0.8, modelVersion: 'v1' } },
    baselines,
  };
}

describe('buildScoreSection', () => {
  it('keeps the period’s days once each, in order, with the known baselines first', () => {
    const section = buildScoreSection(
      [
        score('2025-03-03', { median28: 0.3, zeta: 0.5 }),
        score('2025-03-01', { seasonalNaive: 0.4, alpha: 0.6 }),
        score('2025-02-28', { mean7: 0.1 }),
        score('2025-03-03', { median28: 0.3 }, 0.25),
      ],
      '2025-03-01',
      '2025-03-03',
    );

    expect(section.days.map((d) => d.date)).toEqual(['2025-03-01', '2025-03-03']);
    expect(section.days[1]?.stages.prod?.wape).toBe(0.25);
    expect(section.baselineNames).toEqual(['seasonalNaive', 'median28', 'alpha']);
    expect(section.nominalCoverage).toBe(0.8);
  });
});

describe('driftDayOf', () => {
  it('keeps each tested feature with its corrected p-value, effect and alarm', () => {
    const rand = prng(11);
    const sample = (shift: number) => Array.from({ length: 300 }, () => rand() + shift);
    const evaluation = evaluateDrift([
      { name: 'temperatureC', kind: 'continuous', reference: sample(0), recent: sample(0.5) },
      { name: 'cloudPct', kind: 'continuous', reference: sample(0), recent: sample(0) },
      { name: 'tiny', kind: 'continuous', reference: [1, 2], recent: [1, 2] },
    ]);

    const day = driftDayOf('2025-03-10', evaluation, 'v3');

    expect(day).toMatchObject({
      date: '2025-03-10',
      modelVersion: 'v3',
      correction: 'benjamini-hochberg',
      alpha: 0.01,
    });
    expect(day.features.map((f) => [f.feature, f.alarm])).toEqual([
      ['temperatureC', true],
      ['cloudPct', false],
    ]);
    expect(day.features[0]?.adjustedPValue).toBe(evaluation.features[0]?.adjustedPValue);
    expect(day.features[0]?.effectName).toBe('wasserstein-sd');
  });

  it('goes into the drift section only within the period', () => {
    const day = (date: string) => ({
      date,
      modelVersion: null,
      correction: 'holm',
      alpha: 0.01,
      features: [],
    });

    expect(
      buildDriftSection([day('2025-03-02'), day('2025-02-01')], '2025-03-01', '2025-03-31').days,
    ).toHaveLength(1);
  });
});
