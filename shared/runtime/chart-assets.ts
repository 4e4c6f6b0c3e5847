/**
 * Reads the charting library the HTML report inlines (uPlot's IIFE build and its stylesheet) from
 * the installed `uplot` package, so that the page needs no network to draw.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { type ChartAssets } from '../report/render/render-report.js';

/**
 * uPlot's minified code and CSS, read at call time.
 * @throws InvalidInputError when the `uplot` package is not installed
 */
export async function readChartAssets(): Promise<ChartAssets> {
  let dist: string;
  try {
    dist = dirname(createRequire(import.meta.url).resolve('uplot'));
  } catch (error: unknown) {
    throw new InvalidInputError('The uplot package is missing: run npm ci', { cause: error });
  }
  const [uplotJs, uplotCss] = await Promise.all([
    readFile(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    readFile(join(dist, 'uPlot.min.css'), 'utf8'),
  ]);
  return { uplotJs, uplotCss };
}
