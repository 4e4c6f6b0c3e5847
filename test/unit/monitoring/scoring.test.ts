import { describe, expect, it } from 'vitest';
import { HOUR_MS, localDayBoundsUtc } from '../../../shared/calendar/zone.js';
import {
  createStageScorer,
  type ScoredRow,
  scoreStageRows,
} from '../../../shared/monitoring/scoring.js';

/** Every hour of a local day of one supply, values from `hour(k)` for the k-th hour. */
function dayRows(
  day: string,
  cups: string,
  segment: number,
  hour: (k: number) => Omit<ScoredRow, 'cups' | 'segment' | 'hourEnd'>,
): ScoredRow[] {
  const [start, end] = localDayBoundsUtc(day, 'Europe/Madrid');
  const n = Math.round((end - start) / HOUR_MS);
  return Array.from({ length: n }, (_, k) => ({
    cups,
    segment,
    hourEnd: start + (k + 1) * HOUR_MS,
    ...hour(k),
  }));
}

/** `value` with every non-integer number matched to 12 digits (sums of fractions round). */
function close(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : expect.closeTo(value, 12);
  if (Array.isArray(value)) return value.map(close);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, close(v)]));
  }
  return value;
}

const EMPTY_BANDS = [
  { fromWh: 0, toWh: 100 },
  { fromWh: 100, toWh: 300 },
  { fromWh: 300, toWh: 1000 },
  { fromWh: 1000, toWh: 3000 },
  { fromWh: 3000, toWh: null },
].map((b) => ({ ...b, hours: 0, wape: null, mape: null }));

describe('scoreStageRows', () => {
  it('scores a 23-hour day by hand: the zero hour counts in WAPE, not in MAPE', () => {
    // Prepare: 2024-03-31 has 23 hours; 22 at 100 Wh, the last at 0 Wh; forecast 110 in [90, 120].
    const rows = dayRows('2024-03-31', 'ES0031000000000001AB', 0, (k) => ({
      actual: k === 22 ? 0 : 100,
      wh: 110,
      p10: 90,
      p90: 120,
      baselines: { seasonalNaive: 100, median28: 80 },
    }));

    // Act
    const score = scoreStageRows(rows);

    // Assess (by hand): |e| = 22·10 + 110 = 330 over Σa = 2200; floor = 10 % of 2200/23 = 9.57
    // Wh, so the 0 Wh hour is out of MAPE; the baselines err 0·22 + 100 and 20·22 + 80.
    expect(rows).toHaveLength(23);
    const overall = {
      hours: 23,
      wape: 330 / 2200,
      mape: 0.1,
      bias: 330 / 2200,
      coverage: 22 / 23,
      belowP10: 1 / 23,
      aboveP90: 0,
      baselines: { seasonalNaive: 100 / 2200, median28: 520 / 2200 },
    };
    expect(score).toEqual(
      close({
        ...overall,
        bySegment: [{ ...overall, segment: 0 }],
        byBand: [
          { fromWh: 0, toWh: 100, hours: 1, wape: null, mape: null },
          { fromWh: 100, toWh: 300, hours: 22, wape: 0.1, mape: 0.1 },
          ...EMPTY_BANDS.slice(2),
        ],
      }),
    );
    expect(score?.wape).toBeCloseTo(0.15, 12);
    expect(score?.baselines.median28).toBeCloseTo(0.236364, 6);
  });

  it('scores a 25-hour day of two supplies in two segments by hand', () => {
    // Prepare: 2024-10-27 has 25 hours. B (segment 1): 1000 Wh, forecast 900 in [800, 950].
    // C (segment 2): 200 Wh for 20 hours and 5 Wh for 5, forecast 250 in [150, 300].
    const b = dayRows('2024-10-27', 'ES0031000000000002CD', 1, () => ({
      actual: 1000,
      wh: 900,
      p10: 800,
      p90: 950,
      baselines: { mean7: 1000 },
    }));
    const c = dayRows('2024-10-27', 'ES0021000000000003EF', 2, (k) => ({
      actual: k < 20 ? 200 : 5,
      wh: 250,
      p10: 150,
      p90: 300,
      baselines: { mean7: 100 },
    }));

    // Act: rows interleaved, as a store might hand them.
    const score = scoreStageRows(b.flatMap((row, k) => [row, c[k]!]));

    // Assess (by hand): B |e| 2500 over Σa 25000, all above p90, MAPE 0.1 on 25 hours;
    // C |e| 20·50 + 5·245 = 2225 over Σa 4025, floor 10 % of 161 = 16.1 Wh: MAPE 0.25 on 20 hours.
    expect(b).toHaveLength(25);
    expect(score).toMatchObject({
      hours: 50,
      coverage: 0.4,
      belowP10: 0.1,
      aboveP90: 0.5,
    });
    expect(score?.wape).toBeCloseTo(4725 / 29025, 12); // 0.162791
    expect(score?.bias).toBeCloseTo(-275 / 29025, 12); // −0.009475
    expect(score?.mape).toBeCloseTo(7.5 / 45, 12); // 0.166667
    expect(score?.baselines.mean7).toBeCloseTo(2475 / 29025, 12); // 0.085271
    expect(score?.bySegment).toEqual(
      close([
        {
          segment: 1,
          hours: 25,
          wape: 0.1,
          mape: 0.1,
          bias: -0.1,
          coverage: 0,
          belowP10: 0,
          aboveP90: 1,
          baselines: { mean7: 0 },
        },
        {
          segment: 2,
          hours: 25,
          wape: 2225 / 4025,
          mape: 0.25,
          bias: 2225 / 4025,
          coverage: 0.8,
          belowP10: 0.2,
          aboveP90: 0,
          baselines: { mean7: 2475 / 4025 },
        },
      ]),
    );
    expect(score?.byBand).toEqual(
      close([
        { fromWh: 0, toWh: 100, hours: 5, wape: 49, mape: null },
        { fromWh: 100, toWh: 300, hours: 20, wape: 0.25, mape: 0.25 },
        EMPTY_BANDS[2],
        { fromWh: 1000, toWh: 3000, hours: 25, wape: 0.1, mape: 0.1 },
        EMPTY_BANDS[4],
      ]),
    );
  });

  it('puts 3000 Wh and above in the open top band', () => {
    const rows = dayRows('2024-06-01', 'A', 0, (k) => ({
      actual: 3000 + k,
      wh: 3000,
      p10: 2000,
      p90: 4000,
      baselines: {},
    }));

    const score = scoreStageRows(rows);

    expect(score?.byBand[4]).toMatchObject({ fromWh: 3000, toWh: null, hours: 24 });
    expect(score?.baselines).toEqual({});
  });

  it('gives undefined without rows or when every actual is 0, and leaves out a zero segment', () => {
    const zero = (cups: string, segment: number) =>
      dayRows('2024-06-01', cups, segment, () => ({
        actual: 0,
        wh: 5,
        p10: 0,
        p90: 10,
        baselines: { mean7: 1 },
      }));
    const busy = dayRows('2024-06-01', 'B', 1, () => ({
      actual: 50,
      wh: 50,
      p10: 40,
      p90: 60,
      baselines: { mean7: 1 },
    }));

    const mixed = scoreStageRows([...zero('A', 0), ...busy]);

    expect(scoreStageRows([])).toBe(undefined);
    expect(scoreStageRows(zero('A', 0))).toBe(undefined);
    expect(mixed?.hours).toBe(48);
    expect(mixed?.wape).toBeCloseTo((24 * 5) / (24 * 50), 12);
    expect(mixed?.bySegment.map((s) => s.segment)).toEqual([1]);
  });

  it.each([
    ['actual', Number.NaN, /actual is NaN/],
    ['wh', -1, /wh is -1/],
    ['p90', Number.POSITIVE_INFINITY, /p90 is Infinity/],
  ] as const)('refuses a row whose %s is %s, naming the hour', (field, value, message) => {
    const row: ScoredRow = {
      cups: 'ES0031000000000001AB',
      segment: 0,
      hourEnd: Date.UTC(2024, 5, 1, 1),
      actual: 1,
      wh: 1,
      p10: 1,
      p90: 1,
      baselines: {},
    };

    const act = () => scoreStageRows([{ ...row, [field]: value }]);

    expect(act).toThrow(message);
    expect(act).toThrow(/2024-06-01T01:00:00.000Z/);
    expect(act).not.toThrow(/ES0031/);
  });

  it('refuses rows whose baselines differ from the first row', () => {
    const row = { segment: 0, hourEnd: 0, actual: 1, wh: 1, p10: 1, p90: 1 };
    const rows: ScoredRow[] = [
      { ...row, cups: 'A', baselines: { mean7: 1 } },
      { ...row, cups: 'B', baselines: { median28: 1 } },
    ];

    expect(() => scoreStageRows(rows)).toThrow(/baselines median28 differ from mean7/);
    expect(() => scoreStageRows([{ ...row, cups: 'A', baselines: { mean7: Number.NaN } }])).toThrow(
      /not finite/,
    );
  });
});

describe('createStageScorer', () => {
  it('gives supply by supply what scoreStageRows gives at once, and ignores an empty supply', () => {
    const a = dayRows('2024-06-01', 'A', 0, (k) => ({
      actual: 100 + k,
      wh: 100,
      p10: 90,
      p90: 130,
      baselines: { mean7: 95 },
    }));
    const b = dayRows('2024-06-01', 'B', 1, (k) => ({
      actual: 40 * (k % 3),
      wh: 30,
      p10: 10,
      p90: 60,
      baselines: { mean7: 20 },
    }));
    const scorer = createStageScorer();

    scorer.addSupply(a);
    scorer.addSupply([]);
    scorer.addSupply(b);

    expect(scorer.result()).toEqual(scoreStageRows([...b, ...a]));
    expect(createStageScorer().result()).toBe(undefined);
  });
});
