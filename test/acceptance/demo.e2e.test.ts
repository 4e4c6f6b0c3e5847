/**
 * The main job as a newcomer runs it: `mce demo` on the embedded defaults, checked the way a user
 * would check it. One 28-day replay of 40 supplies (half of them install rooftop solar on the
 * fourth day) carries the monitoring acceptance too: drift is flagged within a week of the
 * change, an alert e-mail lands in the outbox, a retrain registers a new version, and a retrained
 * version is promoted after it beat prod on the configured days.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { type Store } from '../../shared/ports.js';
import { type StagesDoc } from '../../shared/registry/stages.js';
import { readReportData } from '../../shared/report/render/render-report.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type MonitorReport, type ScoredDay } from '../../shared/types.js';
import { buildCliOnce, type MceRun, runMce } from '../helpers/mce-cli.js';

const SUPPLIES = 40;
const DAYS = 28;
const START = '2024-03-18';
const CHANGE = '2024-03-21';

const CHROMIUM = '/usr/bin/chromium';
const OUT = new URL('../../test-output/demo/', import.meta.url).pathname;
if (!existsSync(CHROMIUM))
  console.warn(
    `demo report browser check skipped: ${CHROMIUM} is not installed (.ci/run installs the Debian package chromium)`,
  );

const sqlite = (path: string) =>
  openStore({ storeUrl: `sqlite:${path}`, mongoDb: '', mongoPredCol: 'p', mongoMeteoCol: 'w' });

let dir: string;
let run: MceRun;
let store: Store;
let reports: MonitorReport[];
let stages: StagesDoc;

beforeAll(async () => {
  buildCliOnce();
  dir = await mkdtemp(join(tmpdir(), 'mce-demo-'));
  run = runMce(dir, [
    'demo',
    '--supplies',
    String(SUPPLIES),
    '--days',
    String(DAYS),
    '--seed',
    '3',
    '--out',
    'out',
  ]);
  if (run.status !== 0) throw new Error(`mce demo failed (${run.status}):\n${run.stderr}`);
  store = await sqlite(join(dir, 'out', 'mce.db'));
  reports = await store.listMonitorReports(START, addDays(START, DAYS - 1));
  stages = JSON.parse(
    readFileSync(join(dir, 'out', 'artifacts', 'models', 'stages.json'), 'utf8'),
  ) as StagesDoc;
}, 900_000);

afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The latest scoring of each forecast day over the run's reports. */
function scoredDays(): ScoredDay[] {
  const latest = new Map<string, ScoredDay>();
  for (const r of reports)
    for (const d of r.days) if (d.status !== 'waiting') latest.set(d.date, d);
  return [...latest.values()];
}

describe('mce demo (40 supplies, 28 replayed days, solar on half of them from day 4)', () => {
  it('prints the summary table and where the report and the outbox are', () => {
    expect(run.stdout).toMatch(/days replayed\s+28 \(2024-03-18 to 2024-04-14\)/);
    expect(run.stdout).toMatch(/prod mean daily WAPE/);
    expect(run.stdout).toContain(`report: ${join('out', 'report.html')}`);
    expect(run.stderr).toMatch(/replay \[#+\] 28\/28/);
  });

  it('forecasts every supply and every hour of every replayed day (23 on 31 March)', async () => {
    const supplies = (await store.listSupplies()).length;
    expect(supplies).toBe(SUPPLIES);
    for (let i = 0; i <= DAYS; i++) {
      const day = addDays(START, i);
      const [from, to] = localDayBoundsUtc(day, 'Europe/Madrid');
      const hours = (to - from) / HOUR_MS;
      if (day === '2024-03-31') expect(hours).toBe(23);
      const seen = new Set<string>();
      for await (const row of store.predictionsOfDay('prod', day))
        seen.add(`${row.cups} ${row.hourEnd}`);
      expect(seen.size, day).toBe(SUPPLIES * hours);
    }
  });

  it('beats the strongest baseline over the scored days', () => {
    const days = scoredDays();
    expect(days.length).toBeGreaterThanOrEqual(DAYS - 3);
    const mean = (f: (d: ScoredDay) => number) => days.reduce((a, d) => a + f(d), 0) / days.length;
    const prod = mean((d) => d.stages.prod!.wape);
    const baselines = Object.keys(days[0]!.stages.prod!.baselines).map((name) =>
      mean((d) => d.stages.prod!.baselines[name]!),
    );
    expect(prod).toBeLessThan(Math.min(...baselines));
  });

  it('flags drift in the supplies behaviour within a week of the change, and not before it', () => {
    const alarmed = reports.filter((r) => r.drift.features.some((f) => f.alarm));
    const first = alarmed[0]?.date;
    expect(first).toBeDefined();
    expect(first! > CHANGE).toBe(true);
    expect(daysBetween(CHANGE, first!)).toBeLessThanOrEqual(7);
  });

  it('mails the drift incident to the outbox (one .eml, RFC 5322)', () => {
    const outbox = join(dir, 'out', 'outbox');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    const drift = files
      .map((f) => readFileSync(join(outbox, f), 'utf8'))
      .filter((t) => /^Subject: .*inputs of /m.test(t));
    expect(drift.length).toBeGreaterThan(0);
    expect(drift[0]).toMatch(/^Message-ID:\s+</m);
    expect(drift[0]).toMatch(/^To: .*operations@localhost/m);
  });

  it('retrains after the change and registers the new versions', () => {
    const requested = reports.filter((r) => r.retrain.requested).map((r) => r.date);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested[0]! > CHANGE).toBe(true);
    const registered = stages.history.filter(
      (e) => e.action === 'register' && e.at.slice(0, 10) > CHANGE,
    );
    expect(registered.length).toBeGreaterThan(0);
  });

  it('promotes a retrained version after it beat prod, with the evidence recorded', () => {
    const promotions = stages.history.filter(
      (e) => e.stage === 'prod' && e.action === 'promote' && e.at.slice(0, 10) > CHANGE,
    );
    expect(promotions.length).toBeGreaterThan(0);
    const first = promotions[0]!;
    expect(first.reason).toMatch(/beat prod/);
    expect(first.evidence?.length).toBeGreaterThanOrEqual(3);
    for (const day of first.evidence ?? []) expect(day.preWape).toBeLessThan(day.prodWape);
    const report = reports.find((r) => r.promotion.action === 'promoted');
    expect(report?.promotion.pre).toBe(first.version);
  });

  it('writes the HTML report with the data of every chart', () => {
    const path = join(dir, 'out', 'report.html');
    expect(existsSync(path)).toBe(true);
    const data = readReportData(readFileSync(path, 'utf8'));
    expect(data.scores.days.length).toBeGreaterThan(20);
    expect(data.drift.days.length).toBeGreaterThan(20);
    expect(data.alerts.notices.length).toBeGreaterThan(0);
    expect(data.lineage.versions.length).toBeGreaterThan(2);
    expect(data.forecasts.supplies.length).toBeGreaterThan(0);
  });

  it.runIf(existsSync(CHROMIUM))(
    'opens the report in headless Chromium offline: every chart draws, no error, no request',
    async () => {
      const url = pathToFileURL(join(dir, 'out', 'report.html')).href;
      const userDataDir = await mkdtemp(join(tmpdir(), 'mce-demo-chromium-'));
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
        viewport: { width: 1366, height: 900 },
      });
      try {
        const requests: string[] = [];
        const errors: string[] = [];
        await context.route('**/*', (route) =>
          route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
        );
        context.on('request', (r) => {
          if (r.url() !== url) requests.push(r.url());
        });
        const page = context.pages()[0] ?? (await context.newPage());
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(url);
        await page.waitForSelector('html[data-charts]');
        // Drawn pixels of each canvas chart (read from a copy, as a person would see them).
        const drawn = await page.$$eval('.chart canvas', (canvases) =>
          canvases.map((c) => {
            const source = c as unknown as {
              width: number;
              height: number;
              ownerDocument: { createElement(tag: 'canvas'): typeof source };
              getContext(kind: '2d'): {
                drawImage(s: unknown, x: number, y: number): void;
                getImageData(
                  x: number,
                  y: number,
                  w: number,
                  h: number,
                ): { data: Uint8ClampedArray };
              };
            };
            const copy = source.ownerDocument.createElement('canvas');
            copy.width = source.width;
            copy.height = source.height;
            const ctx = copy.getContext('2d');
            ctx.drawImage(source, 0, 0);
            const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
            let n = 0;
            for (let i = 0; i < data.length; i += 4) if ((data[i + 3] ?? 0) > 0) n++;
            return n;
          }),
        );
        expect(drawn.length).toBeGreaterThanOrEqual(6);
        for (const n of drawn) expect(n).toBeGreaterThan(1000);
        const svgShapes = await page.$$eval('.svg-chart svg', (svgs) =>
          svgs.map((svg) => svg.querySelectorAll('rect, path, circle').length),
        );
        for (const n of svgShapes) expect(n).toBeGreaterThan(3);
        await mkdir(OUT, { recursive: true });
        await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
