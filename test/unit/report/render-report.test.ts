import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { CLIENT_SCRIPT } from '../../../shared/report/render/client-script.js';
import { readReportData, renderReport } from '../../../shared/report/render/render-report.js';
import { scoreHours } from '../../../shared/report/render/section-forecast.js';
import { niceStep } from '../../../shared/report/render/svg-bars.js';
import { parseReportData } from '../../../shared/report/report-data.js';
import { emptyReport, oneSupplyReport, REPORT_CUPS } from '../../helpers/report-data.js';

const ASSETS = { uplotJs: 'var uPlot = function () {};', uplotCss: '.uplot { display: block; }' };

/** The Content-Security-Policy of a page, directive by directive. */
function policyOf(html: string): Map<string, string[]> {
  const content =
    /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  return new Map(
    content
      .replaceAll('&#39;', "'")
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('renderReport', () => {
  it('allows exactly its own inline scripts and styles, and no network at all', () => {
    const html = renderReport(oneSupplyReport(), ASSETS);
    const policy = policyOf(html);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');

    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'none'"]);
    expect(policy.get('img-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(scripts.map(hashOf));
    expect(policy.get('style-src')).toEqual(styles.map(hashOf));
    expect(scripts).toHaveLength(2);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    expect(html).not.toMatch(/<link|@import|url\(/);
  });

  it('embeds the report data, readable back as it was', () => {
    const data = oneSupplyReport();

    expect(readReportData(renderReport(data, ASSETS))).toEqual(data);
  });

  it('keeps hostile text inert in the page and intact in the data', () => {
    const subject = '</script><script>alert(1)</script>';
    const data = emptyReport({
      alerts: {
        notices: [
          {
            notificationId: 'n#1',
            incidentId: 'n',
            ruleId: 'wape-high',
            subject: '<b>fleet</b>',
            worstSeverity: 'warning',
            kind: 'firing',
            createdAt: Date.UTC(2025, 5, 10, 8),
            emailSubject: subject,
            to: ['ops@example.com'],
            status: 'pending',
            sentAt: null,
            attempts: 1,
            lastError: '<img src=x onerror=alert(1)>',
          },
        ],
      },
    });

    const html = renderReport(data, ASSETS);

    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(readReportData(html).alerts.notices[0]?.emailSubject).toBe(subject);
  });

  it('says, section by section, that there is nothing yet on a fresh install', () => {
    const html = renderReport(emptyReport(), ASSETS);

    expect(html).toContain('No forecasts scored yet: the period has no stored forecasts.');
    expect(html).toContain('No forecasts scored yet: a day is scored once its actuals arrive');
    expect(html).toContain('No drift tests in this period yet.');
    expect(html).toContain('No model registered yet');
    expect(html).toContain('No alert e-mails in this period.');
    expect(html).not.toContain('class="chart"');
    expect(JSON.parse(/id="mce-chart-plans">([^<]*)</.exec(html)?.[1] ?? '').charts).toEqual([]);
  });

  it('heads each section, states the time zone and writes a summary above each chart', () => {
    const html = renderReport(oneSupplyReport(), ASSETS);

    expect(html).toMatch(/<h1>Consumption forecasts: 2025-06-10 to 2025-06-10<\/h1>/);
    expect(html).toContain('All days and times are Europe/Madrid local time');
    expect(html.match(/<h2 id=/g)).toHaveLength(6);
    expect(html).toContain('<p class="summary" id="summary-chart-fleet">');
    expect(html).toContain(
      `${REPORT_CUPS}: 24 hours forecast by prod, actual in black, forecast in colour with its p10–p90 band, kWh per hour. On the 23 hours with actuals: WAPE 16.7`,
    );
    expect(html).toContain(`<option value="${REPORT_CUPS}">${REPORT_CUPS}</option>`);
  });
});

describe('scoreHours', () => {
  it('scores the hours with both a forecast and an actual', () => {
    const s = scoreHours({
      wh: [100, 100, null, 100],
      p10: [50, 50, null, 50],
      p90: [110, 110, null, 110],
      actualWh: [120, 105, 7, null],
    });

    expect(s).toEqual({ forecast: 3, scored: 2, wape: 25 / 225, coverage: 0.5 });
  });
});

describe('readReportData and parseReportData', () => {
  it.each([
    [
      'a page without report data',
      () => readReportData('<html></html>'),
      /holds no MCE report data/,
    ],
    ['text that is not JSON', () => parseReportData('{'), /not JSON/],
    ['another kind of document', () => parseReportData('{"kind":"x"}'), /Not an MCE report/],
    [
      'a later schema version',
      () => parseReportData('{"kind":"mce-report","schemaVersion":2}'),
      /schema version 2/,
    ],
  ])('refuse %s', (_name, act, message) => {
    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(message);
  });
});

describe('the page script', () => {
  it('is valid JavaScript', () => {
    expect(() => new Function(CLIENT_SCRIPT)).not.toThrow();
  });
});

describe('niceStep', () => {
  it.each([
    [47, 10],
    [100, 20],
    [0.9, 0.2],
    [0, 1],
  ])('steps an axis up to %f by %f', (max, step) => {
    expect(niceStep(max)).toBeCloseTo(step, 12);
  });
});
