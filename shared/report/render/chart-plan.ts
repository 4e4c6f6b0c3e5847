/**
 * What the page script needs to draw each chart with uPlot: axes, series styles and either the
 * data columns themselves (small daily charts) or where to take them from the report data
 * (hourly forecast charts, redrawn when the reader picks another supply or stage).
 */
import { localDayBoundsUtc, MARKET_ZONE } from '../../calendar/zone.js';
import { type Stage } from '../../registry/stages.js';

export interface SeriesPlan {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  /** Draw a point on every value (sparse daily series). */
  points?: boolean;
}

export interface AxisPlan {
  label: string;
  /** How values are written on the axis and in the legend. */
  format: 'kwh' | 'pct' | 'p' | 'num';
  log?: boolean;
  min?: number;
  max?: number;
}

interface BasePlan {
  /** id of the element the chart is drawn into. */
  id: string;
  x: 'hour' | 'day';
  y: AxisPlan;
  /** One-sentence description for assistive technology (aria-label of the chart). */
  description: string;
}

/** A chart whose columns are given: x in seconds, then one column per series. */
export interface StaticChartPlan extends BasePlan {
  kind: 'static';
  series: SeriesPlan[];
  data: (number | null)[][];
}

/** A forecast chart drawn from the fleet series or a chosen supply's, for the chosen stage. */
export interface ForecastChartPlan extends BasePlan {
  kind: 'forecast';
  source: 'fleet' | 'supply';
  /** The sentence shown above the chart, by series (`fleet` or the CUPS) and stage. */
  summaries: Record<string, Partial<Record<Stage, string>>>;
}

export type ChartPlan = StaticChartPlan | ForecastChartPlan;

/** Okabe-Ito colours (safe for colour-blind readers), one role each. */
export const COLORS = {
  actual: '#1a1a1a',
  prod: '#0072B2',
  pre: '#D55E00',
  threshold: '#333333',
  baselines: ['#009E73', '#CC79A7', '#E69F00', '#56B4E9'],
  features: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'],
  other: '#c4c4c4',
} as const;

/** Local midnight of a report day (Europe/Madrid), in seconds, the x value of daily charts. */
export function daySeconds(day: string): number {
  return localDayBoundsUtc(day, MARKET_ZONE)[0] / 1000;
}

/** A dashed reference line (a threshold or a nominal level). */
export function thresholdSeries(label: string): SeriesPlan {
  return { label, color: COLORS.threshold, width: 1.75, dash: [6, 4] };
}
