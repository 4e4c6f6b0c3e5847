import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar/days.js';
import { buildFeatures } from '../../../shared/features/build-features.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { combineBacktests, scoreBacktest } from '../../../shared/models/backtest.js';
import { baselineForecast } from '../../../shared/models/baselines.js';
import { wape } from '../../../shared/models/metrics.js';
import {
  fitSegmentForest,
  predictSegment,
  sampleTargets,
} from '../../../shared/models/segment-model.js';
import { makeTestFleet } from '../../helpers/load-fleet.js';

const fleet = makeTestFleet({ nSupplies: 6, firstDay: '2023-01-01', nDays: 480, seed: 11 });
const weather = indexWeather(fleet.weather, { observedFallback: true });
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));
const labels = fleet.supplies.map((_, i) => `s${i}`);
const testSet = buildFeatures({
  supplies: fleet.supplies,
  targets: fleet.supplies.flatMap((_, supply) =>
    days('2024-04-10', 14).map((day) => ({ supply, day })),
  ),
  weather,
  mode: 'train',
});
const flat = (point: Float32Array) => ({ point, p10: point, p90: point });

describe('scoreBacktest', () => {
  it('scores a perfect forecast with zero error, full skill and full coverage', () => {
    const report = scoreBacktest(testSet, flat(testSet.actualWh), labels);
    expect(report.overall.model.wape).toBe(0);
    expect(report.overall.skill.median28).toBe(1);
    expect(report.overall.model.coverage).toBe(1);
    expect(Object.keys(report.perSupply)).toHaveLength(6);
  });

  it('agrees with metrics.wape and scores a baseline at zero skill against itself', () => {
    const naive = baselineForecast(testSet, 'seasonalNaive');
    const report = scoreBacktest(testSet, flat(naive), labels);
    expect(report.overall.baselines.seasonalNaive.wape).toBeCloseTo(
      wape(testSet.actualWh, naive),
      6,
    );
    expect(report.overall.skill.seasonalNaive).toBeCloseTo(0, 9);
  });

  it('names the baseline with the lowest WAPE the strongest', () => {
    const report = scoreBacktest(testSet, flat(testSet.actualWh), labels);
    const { baselines, strongestBaseline } = report.overall;
    for (const b of Object.values(baselines)) {
      expect(baselines[strongestBaseline].wape).toBeLessThanOrEqual(b.wape);
    }
  });

  it('counts actuals below p10 and above p90 and the interval width', () => {
    const a = testSet.actualWh;
    const band = {
      point: a,
      p10: Float32Array.from(a, (v, i) => (i % 5 === 0 ? v + 1 : v - 10)),
      p90: Float32Array.from(a, (v, i) => (i % 5 === 1 ? v - 1 : v + 10)),
    };
    const m = scoreBacktest(testSet, band, labels).overall.model;
    expect(m.belowP10).toBeCloseTo(Math.ceil(a.length / 5) / a.length, 9);
    expect(m.aboveP90).toBeCloseTo(Math.ceil((a.length - 1) / 5) / a.length, 9);
    expect(m.coverage).toBeCloseTo(1 - m.belowP10 - m.aboveP90, 9);
    expect(m.meanWidthWh).toBeGreaterThan(0);
  });

  it('scores the champion on the same rows when given', () => {
    const worse = Float32Array.from(testSet.actualWh, (v) => v * 1.2);
    const report = scoreBacktest(testSet, flat(testSet.actualWh), labels, flat(worse));
    expect(report.overall.champion?.wape).toBeCloseTo(0.2, 5);
    expect(report.overall.champion?.n).toBe(report.overall.model.n);
  });

  it('combines segment reports into the report of their union', () => {
    const naive = baselineForecast(testSet, 'seasonalNaive');
    const whole = scoreBacktest(testSet, flat(naive), labels);
    const parts = [(s: number) => s < 3, (s: number) => s >= 3].map((keep) => {
      const rows = [...testSet.supply.keys()].filter((i) => keep(testSet.supply[i]!));
      const pick = <T extends Float32Array | Int32Array | Float64Array>(a: T) =>
        a.filter((_, i) => rows.includes(i)) as T;
      const x = {
        ...testSet.x,
        nRows: rows.length,
        data: Float32Array.from(
          rows.flatMap((i) =>
            Array.from(testSet.x.data.subarray(i * testSet.x.nCols, (i + 1) * testSet.x.nCols)),
          ),
        ),
      };
      const sub = {
        ...testSet,
        x,
        supply: pick(testSet.supply),
        levelWh: pick(testSet.levelWh),
        actualWh: pick(testSet.actualWh),
        hourEnd: pick(testSet.hourEnd),
        dayNum: pick(testSet.dayNum),
      };
      return scoreBacktest(sub, flat(pick(naive)), labels);
    });
    const combined = combineBacktests(parts);
    expect(combined.overall.model.wape).toBeCloseTo(whole.overall.model.wape, 9);
    expect(combined.overall.model.mape).toBeCloseTo(whole.overall.model.mape, 9);
    expect(combined.overall.baselines.median28.wape).toBeCloseTo(
      whole.overall.baselines.median28.wape,
      9,
    );
  });

  it('gives a forest trained on earlier days positive skill against every baseline', () => {
    const train = buildFeatures({
      supplies: fleet.supplies,
      targets: sampleTargets(6, days('2023-01-10', 450), 20000, 1),
      weather,
      mode: 'train',
    });
    const forest = fitSegmentForest(train, {
      nTrees: 20,
      maxDepth: 12,
      minSamplesLeaf: 30,
      maxFeatures: 1,
      seed: 1,
    });
    const report = scoreBacktest(testSet, predictSegment(forest, testSet), labels);
    for (const skill of Object.values(report.overall.skill)) expect(skill).toBeGreaterThan(0);
  });
});
