import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forecastSuite } from './forecast.js';
import { forestSuite } from './forest.js';
import { type BenchSuite, type Figure, runCaseProcess } from './harness.js';
import { ingestSuite } from './ingest.js';
import { monitorSuite } from './monitor.js';
import { parseSuite } from './parse.js';
import { storeSuite } from './store.js';
import { synthSuite } from './synth.js';

/** Every suite, in the order they run. Each issue adds its own. */
const SUITES: BenchSuite[] = [
  parseSuite,
  ingestSuite,
  storeSuite,
  forestSuite,
  synthSuite,
  monitorSuite,
  forecastSuite,
];

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    `${f.baselineName}: ${f.baselineValue}`,
    String(f.ratio),
    f.target ? `${f.target} ${f.pass ? 'ok' : 'MISSED'}` : '',
    `${f.peakRssMb} / ${f.baselinePeakRssMb}`,
  ]);
  const head = [
    'figure',
    'value',
    'baseline',
    'ratio',
    'target',
    'peak RSS MB (subject / baseline)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const workDir = process.env.MCE_BENCH_DIR ?? join(tmpdir(), 'mce-bench');
  mkdirSync(workDir, { recursive: true });
  const ctx = {
    workDir,
    runCase: runCaseProcess,
    log: (m: string) => process.stderr.write(`${m}\n`),
  };
  const figures: Figure[] = [];
  for (const suite of SUITES) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    ctx.log(`bench: ${suite.name}…`);
    figures.push(...(await suite.run(ctx)));
  }
  printTable(figures);
  writeFileSync('bench-results.json', `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nwrote bench-results.json (${figures.length} figures)`);
}

await main();
