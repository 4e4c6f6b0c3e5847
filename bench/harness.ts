import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Benchmarks compare a subject with a baseline measured in the same run on the same machine, so
 * ratios stay meaningful on any hardware. Each case runs in its own child process so that its
 * peak RSS is its own.
 */

/** What one case script measured. */
export interface Measurement {
  value: number;
  unit: string;
  peakRssMb: number;
  /** Anything else worth keeping (counts, sizes, accuracy). */
  extra?: Record<string, unknown>;
}

/** One line of the report and one entry of bench-results.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baselineValue: number;
  /** value / baselineValue (for times, baseline / value: higher is always better). */
  ratio: number;
  peakRssMb: number;
  baselinePeakRssMb: number;
  /** The target for the ratio, and whether it was met. */
  target?: string;
  pass?: boolean;
  extra?: Record<string, unknown>;
}

export interface BenchContext {
  /** Scratch folder shared by the suites of one run (generated inputs are cached there). */
  workDir: string;
  /** Runs dist/bench/cases/<name>.js with args in a child process. */
  runCase(name: string, args: readonly string[]): Promise<Measurement>;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

/** Called at the end of a case script: prints its measurement for the parent. */
export function reportMeasurement(
  value: number,
  unit: string,
  extra?: Record<string, unknown>,
): void {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const m: Measurement = { value, unit, peakRssMb, ...(extra ? { extra } : {}) };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

/** Spawns one case with the same Node binary and returns what it reported. */
export function runCaseProcess(name: string, args: readonly string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(CASES_DIR, `${name}.js`), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench case ${name} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as Measurement);
      } catch (error) {
        reject(new Error(`bench case ${name} printed no measurement`, { cause: error }));
      }
    });
  });
}

/** Builds a figure where higher values are better (throughputs). */
export function throughputFigure(
  name: string,
  subject: Measurement,
  baselineName: string,
  baseline: Measurement,
  minRatio?: number,
): Figure {
  const ratio = subject.value / baseline.value;
  return {
    name,
    value: round(subject.value),
    unit: subject.unit,
    baselineName,
    baselineValue: round(baseline.value),
    ratio: round(ratio, 3),
    peakRssMb: round(subject.peakRssMb, 1),
    baselinePeakRssMb: round(baseline.peakRssMb, 1),
    ...(minRatio === undefined ? {} : { target: `>= ${minRatio}`, pass: ratio >= minRatio }),
    ...(subject.extra ? { extra: subject.extra } : {}),
  };
}

/** Builds a figure where lower values are better (times, errors): ratio = subject / baseline. */
export function costFigure(
  name: string,
  subject: Measurement,
  baselineName: string,
  baseline: Measurement,
  maxRatio?: number,
): Figure {
  const ratio = subject.value / baseline.value;
  return {
    name,
    value: round(subject.value, 3),
    unit: subject.unit,
    baselineName,
    baselineValue: round(baseline.value, 3),
    ratio: round(ratio, 3),
    peakRssMb: round(subject.peakRssMb, 1),
    baselinePeakRssMb: round(baseline.peakRssMb, 1),
    ...(maxRatio === undefined ? {} : { target: `<= ${maxRatio}`, pass: ratio <= maxRatio }),
    ...(subject.extra ? { extra: subject.extra } : {}),
  };
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
