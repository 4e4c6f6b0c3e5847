/** The report's sections on the uncommon shapes of data a young or partial installation has. */
import { describe, expect, it } from 'vitest';
import { type ModelManifest } from '../../../shared/registry/manifest.js';
import { buildLineage } from '../../../shared/report/lineage.js';
import { renderAlertSection } from '../../../shared/report/render/section-alerts.js';
import { renderBandSection } from '../../../shared/report/render/section-bands.js';
import { renderDriftSection } from '../../../shared/report/render/section-drift.js';
import { renderForecastSection } from '../../../shared/report/render/section-forecast.js';
import { renderLineageSection } from '../../../shared/report/render/section-lineage.js';
import { renderScoreSection } from '../../../shared/report/render/section-scores.js';
import { groupedBarsSvg } from '../../../shared/report/render/svg-bars.js';
import { type DriftDay, type ReportData } from '../../../shared/report/report-data.js';
import { notification } from '../../helpers/alert-factories.js';
import { emptyReport, oneSupplyReport, REPORT_CUPS } from '../../helpers/report-data.js';

const text = (html: string) => html.replace(/\u00a0/g, ' ').replaceAll('&#39;', "'");

describe('renderForecastSection', () => {
  it('says when no hour has its actuals yet, and when a supply has no forecast of a stage', () => {
    const data = oneSupplyReport();
    const prod = data.forecasts.fleet.stages.prod;
    if (!prod) throw new Error('fixture has prod');
    const future = { ...prod, actualWh: prod.actualWh.map(() => null) };
    data.forecasts.fleet.stages = { prod: future, pre: future };
    data.forecasts.fleet.supplies = { prod: 1, pre: 1 };

    const section = renderForecastSection(data);
    const supply = section.charts.find((c) => c.id === 'chart-supply');

    expect(section.html).toContain('No hour of the period has every actual in yet.');
    expect(supply?.kind === 'forecast' && supply.summaries[REPORT_CUPS]?.pre).toBe(
      `No pre forecasts for ${REPORT_CUPS} in this period.`,
    );
    expect(section.html).toContain('The supplies listed');
    expect(section.html).toContain('value="pre"');
  });

  it('draws the fleet alone when no supply is listed', () => {
    const data = oneSupplyReport();
    data.forecasts.supplies = [];
    data.forecasts.selection = 'largest-error';

    const section = renderForecastSection(data);

    expect(section.charts.map((c) => c.id)).toEqual(['chart-fleet']);
    expect(section.html).toContain('No supply has forecasts in this period.');
    expect(section.html).not.toContain('supply-select');
  });
});

describe('renderScoreSection', () => {
  it('writes the means without a baseline, and counts provisional days', () => {
    const data = emptyReport({
      scores: {
        days: [
          {
            date: '2025-06-10',
            status: 'provisional',
            stages: { pre: { wape: 0.3, coverage: null, modelVersion: 'v2' } },
            baselines: {},
          },
        ],
        baselineNames: [],
        nominalCoverage: 0.8,
      },
    });

    const html = text(renderScoreSection(data).html);

    expect(html).toContain('Mean over 1 scored day: pre 30.0 %.');
    expect(html).toContain('1 day is provisional');
    expect(html).toContain('Mean: pre –.');
  });
});

describe('renderBandSection', () => {
  it('leaves out bars without a value and still names the worst band', () => {
    const data = emptyReport({
      bands: {
        stages: {
          prod: [
            { fromWh: 0, toWh: 100, n: 3, wape: 0.5, mape: null },
            { fromWh: 100, toWh: null, n: 0, wape: null, mape: null },
          ],
        },
      },
    });

    const html = text(renderBandSection(data).html);

    expect(html).toContain(
      "prod's relative error is highest in the 0–100 Wh band (WAPE 50.0 % over 3 hours)",
    );
    expect(html.match(/<rect [^>]*fill="#0072B2"><title>/g)).toHaveLength(1); // the first band's WAPE; no MAPE, nothing for the empty band
  });
});

describe('groupedBarsSvg', () => {
  it('draws one bar per value given and none for a null', () => {
    const svg = groupedBarsSvg({
      title: 'T',
      description: 'D',
      categories: ['a', 'b'],
      categoryLabel: 'C',
      series: [{ label: 's', color: '#000000', values: [null, 4] }],
      yLabel: 'Y (%)',
      format: String,
    });

    expect(svg.match(/<title>s, /g)).toEqual(['<title>s, ']);
    expect(svg).toContain('<title>s, b: 4</title>');
  });
});

describe('renderDriftSection', () => {
  it('draws every feature, the first six in colour, and says when nothing alarmed', () => {
    const features = Array.from({ length: 8 }, (_, i) => ({
      feature: `f${i}`,
      test: i === 7 ? ('chi-squared' as const) : ('ks' as const),
      pValue: 0.5,
      adjustedPValue: i === 0 ? 0 : 0.5,
      effectName: i === 7 ? 'cramers-v' : 'wasserstein-sd',
      effect: 0.01,
      minEffect: i === 7 ? 0.2 : 0.1,
      alarm: false,
    }));
    const day: DriftDay = {
      date: '2025-06-10',
      modelVersion: 'v1',
      correction: 'holm',
      alpha: 0.05,
      features,
    };

    const section = renderDriftSection(emptyReport({ drift: { days: [day] } }));
    const [p, effect] = section.charts;

    expect(section.html).toContain('No alarm in this period.');
    expect(section.html).toContain('No feature was in alarm in this period.');
    expect(section.html).toContain('corrected by Holm over the 8 features tested');
    expect(
      p?.kind === 'static' && p.series.map((s) => s.color).filter((c) => c === '#c4c4c4'),
    ).toHaveLength(2);
    expect(p?.kind === 'static' && p.data[1]).toEqual([1e-16]); // a p-value of 0, drawn at the floor
    expect(effect?.kind === 'static' && effect.series.slice(-2).map((s) => s.label)).toEqual([
      'minimum effect 0.1',
      'minimum effect 0.2',
    ]);
  });
});

function manifest(
  version: string,
  createdAt: string,
  metrics: Record<string, unknown>,
): ModelManifest {
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version,
    runId: 'r',
    createdAt,
    codeRevision: 'unknown',
    data: {
      windowStart: '2024-01-01',
      windowEnd: '2024-12-31',
      fingerprint: '',
      supplies: 1,
      trainRows: 1,
      dataLatencyDays: 2,
      weather: 'observed',
    },
    featureNames: [],
    target: 'wh-over-level',
    hyperParameters: {},
    segments: [],
    centroidsFile: 'segments.json',
    metrics,
    reference: {},
    files: [],
  };
}

describe('renderLineageSection', () => {
  it('lists versions without backtest figures and says when none held a stage in the period', () => {
    const lineage = buildLineage([manifest('v1', '2024-01-05T00:00:00Z', {})], {
      prod: 'v1',
      pre: null,
      prodLineage: ['v1'],
      history: [
        {
          at: '2024-01-05T00:00:00Z',
          action: 'register',
          stage: 'pre',
          version: 'v1',
          previous: null,
        },
        {
          at: '2024-01-06T00:00:00Z',
          action: 'promote',
          stage: 'prod',
          version: 'v1',
          previous: null,
        },
      ],
    });
    const data: ReportData = { ...emptyReport({ from: '2023-12-01', to: '2023-12-31' }), lineage };

    const html = text(renderLineageSection(data).html);

    expect(lineage.changes.map((c) => c.evidence)).toEqual([
      'no backtest figures in the manifest',
      'first prod version; backtest WAPE unknown',
    ]);
    expect(html).toContain('No version held a stage during this period.');
    expect(html).toContain('<strong>prod</strong>');
  });

  it('draws a rollback mark and the pre version on the timeline', () => {
    const lineage = buildLineage(
      [
        manifest('v1', '2025-06-01T00:00:00Z', { backtest: { model: { wape: 0.2 } } }),
        manifest('v2', '2025-06-10T01:00:00Z', { backtest: { model: { wape: 0.3 } } }),
        manifest('v3', '2025-06-10T05:00:00Z', { backtest: { model: { wape: 0.25 } } }),
      ],
      {
        prod: 'v1',
        pre: 'v3',
        prodLineage: ['v1'],
        history: [
          {
            at: '2025-06-01T00:00:00Z',
            action: 'promote',
            stage: 'prod',
            version: 'v1',
            previous: null,
          },
          {
            at: '2025-06-10T02:00:00Z',
            action: 'promote',
            stage: 'prod',
            version: 'v2',
            previous: 'v1',
          },
          {
            at: '2025-06-10T04:00:00Z',
            action: 'rollback',
            stage: 'prod',
            version: 'v1',
            previous: 'v2',
          },
          {
            at: '2025-06-10T05:00:00Z',
            action: 'register',
            stage: 'pre',
            version: 'v3',
            previous: null,
          },
        ],
      },
    );

    const html = renderLineageSection({ ...emptyReport(), lineage }).html;

    expect(html).toContain('fill="#000000"><title>');
    expect(html).toMatch(/<td>pre<\/td>/);
    expect(html).toContain('1 rollback');
  });
});

describe('renderAlertSection', () => {
  it('tells a notice not tried yet from one sent at an unknown time', () => {
    const data = emptyReport({
      alerts: {
        notices: [
          {
            ...notification(),
            notificationId: 'a',
            ruleId: 'r',
            subject: 's',
            worstSeverity: 'info',
            emailSubject: 'x',
            to: [],
            status: 'pending',
            sentAt: null,
            attempts: 0,
            lastError: null,
          },
          {
            ...notification(),
            notificationId: 'b',
            ruleId: 'r',
            subject: 's',
            worstSeverity: 'info',
            emailSubject: 'y',
            to: [],
            status: 'sent',
            sentAt: null,
            attempts: 1,
            lastError: null,
          },
        ],
      },
    });

    const html = renderAlertSection(data).html;

    expect(html).toContain('(not tried yet)');
    expect(html).toContain('<span class="state sent">sent</span> </td>');
    expect(html).toContain('1 sent, 1 pending');
  });
});
