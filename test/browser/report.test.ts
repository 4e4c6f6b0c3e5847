/**
 * The HTML report as a reader sees it: the Debian Chromium, headless, opens the file from a
 * file: URL with every network request refused and counted, and every chart must draw its
 * series, the controls must redraw the forecast charts, and nothing may log an error. Saves
 * screenshots (screen and print) and a PDF under test-output/report/ for a person to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../shared/pipelines/report.js';
import { COLORS } from '../../shared/report/render/chart-plan.js';
import { renderReport } from '../../shared/report/render/render-report.js';
import { readChartAssets } from '../../shared/runtime/chart-assets.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { emptyReport } from '../helpers/report-data.js';
import { reportFixture } from '../helpers/report-fixture.js';
import { openSqliteStore, seedReportStores } from '../helpers/report-stores.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = new URL('../../test-output/report/', import.meta.url).pathname;

const skip = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (.ci/run installs the Debian package chromium)`;
if (skip) console.warn(`report browser test skipped: ${skip}`);

interface PageCanvas {
  width: number;
  height: number;
  ownerDocument: { createElement(tag: 'canvas'): PageCanvas };
  getContext(
    kind: '2d',
    options?: { willReadFrequently: boolean },
  ): {
    drawImage(source: PageCanvas, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

/**
 * Opaque pixels of a chart's canvas within `tolerance` (per channel) of a colour. Reads a copy,
 * so the page's own canvas is never read back (Chromium warns when one is read repeatedly).
 */
async function colourPixels(
  page: Page,
  chartId: string,
  hex: string,
  tolerance = 48,
): Promise<number> {
  return page.$eval(
    `#${chartId} canvas`,
    (element, { hex, tolerance }) => {
      const canvas = element as unknown as PageCanvas;
      const copy = canvas.ownerDocument.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d', { willReadFrequently: true });
      context.drawImage(canvas, 0, 0);
      const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const { data } = context.getImageData(0, 0, copy.width, copy.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) < 128) continue;
        if (target.every((t, k) => Math.abs((data[i + k] ?? 0) - t) <= tolerance)) n++;
      }
      return n;
    },
    { hex, tolerance },
  );
}

describe.skipIf(skip !== undefined)('the HTML report in headless Chromium', () => {
  const fixture = reportFixture();
  const requests: string[] = [];
  const errors: string[] = [];
  let userDataDir = '';
  let storeDir = '';
  let context: BrowserContext;
  let page: Page;
  let url = '';
  /** The report files the test opens: the only requests let through. */
  const pages = new Set<string>();

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'mce-report-store-'));
    const store = await openSqliteStore(join(storeDir, 'mce.db'));
    const deps = await seedReportStores(fixture, store, createMemoryBlobStore());
    const { html } = await buildReport(
      { from: fixture.from, to: fixture.to },
      { ...deps, chartAssets: await readChartAssets() },
    );
    await store.close();
    await mkdir(OUT, { recursive: true });
    const path = join(OUT, 'report.html');
    await writeFile(path, html);
    url = pathToFileURL(path).href;
    pages.add(url);

    userDataDir = await mkdtemp(join(tmpdir(), 'mce-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1366, height: 900 },
    });
    await context.route('**/*', (route) =>
      pages.has(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    page = context.pages()[0] ?? (await context.newPage());
    context.on('request', (r) => {
      if (!pages.has(r.url())) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        errors.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForSelector('html[data-charts]');
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  it('draws every chart with its series, without errors or requests', async () => {
    const charts = await page.$$eval('.chart', (els) => els.map((e) => e.id));
    expect(charts).toEqual([
      'chart-fleet',
      'chart-supply',
      'chart-wape',
      'chart-coverage',
      'chart-drift-p',
      'chart-drift-effect',
    ]);
    for (const id of charts)
      expect(await colourPixels(page, id, COLORS.prod), id).toBeGreaterThan(150);
    expect(await colourPixels(page, 'chart-fleet', COLORS.actual, 30)).toBeGreaterThan(150);
    expect(await colourPixels(page, 'chart-wape', COLORS.baselines[0])).toBeGreaterThan(100);
    const svgShapes = await page.$$eval('.svg-chart svg', (svgs) =>
      svgs.map((s) => s.querySelectorAll('rect, path, circle').length),
    );
    expect(svgShapes).toHaveLength(3);
    for (const n of svgShapes) expect(n).toBeGreaterThan(5);
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('redraws the supply chart and its summary when another supply is picked', async () => {
    const canvas = () =>
      page.$eval('#chart-supply canvas', (c) =>
        (c as unknown as { toDataURL(): string }).toDataURL(),
      );
    const before = await canvas();
    const options = await page.$$eval('#supply-select option', (os) =>
      os.map((o) => (o as unknown as { value: string }).value),
    );
    expect(options.length).toBe(10);

    await page.selectOption('#supply-select', options[3] ?? '');

    expect(await canvas()).not.toBe(before);
    expect(await page.textContent('#summary-chart-supply')).toContain(options[3]);
    expect(errors).toEqual([]);
  });

  it('draws the pre forecasts when the pre stage is picked', async () => {
    await page.check('input[name="stage"][value="pre"]');

    expect(await colourPixels(page, 'chart-fleet', COLORS.pre)).toBeGreaterThan(150);
    expect(await page.textContent('#summary-chart-fleet')).toContain("pre's hourly forecasts");
    expect(errors).toEqual([]);
    await page.check('input[name="stage"][value="prod"]');
  });

  it('lays the charts out for A4 when printed', async () => {
    await page.emulateMedia({ media: 'print' });
    // The page resizes its charts on the print media change, which arrives as an event.
    await page.waitForFunction(
      (canvases) =>
        canvases.every((c) => (c as unknown as { clientWidth: number }).clientWidth <= 700),
      await page.$$('.chart canvas'),
      { timeout: 5_000 },
    );
    const widths = await page.$$eval('.chart canvas', (cs) =>
      cs.map((c) => (c as unknown as { clientWidth: number }).clientWidth),
    );
    await page.screenshot({ path: join(OUT, 'report-print.png'), fullPage: true });
    await page.pdf({ path: join(OUT, 'report.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    for (const w of widths) expect(w).toBeLessThanOrEqual(700);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('opens a report with nothing in it on its empty states, without errors', async () => {
    const path = join(OUT, 'empty.html');
    await writeFile(path, renderReport(emptyReport(), await readChartAssets()));
    const empty = await context.newPage();
    const problems: string[] = [];
    empty.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    empty.on('pageerror', (e) => problems.push(e.message));
    pages.add(pathToFileURL(path).href);

    await empty.goto(pathToFileURL(path).href);
    await empty.waitForSelector('html[data-charts="0"]');
    await empty.screenshot({ path: join(OUT, 'empty.png'), fullPage: true });

    expect(await empty.locator('.empty').count()).toBe(6);
    expect(await empty.locator('.empty').first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await empty.close();
  });

  it('refuses requests the page itself would make (the policy forbids the network)', async () => {
    const outcome = await page.evaluate(() =>
      fetch('https://example.com/x').then(
        () => 'fetched',
        () => 'refused',
      ),
    );

    expect(outcome).toBe('refused');
    expect(requests).toEqual([]);
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
  });
});
