import { rmSync } from 'node:fs';
import { writeFleet } from '../../cli/commands/generate.js';
import { dayRange } from '../../shared/calendar/days.js';
import { reportMeasurement } from '../harness.js';

// Usage: synth-generate <outDir> <supplies> <from> <to>
// Generates a fleet and reports its throughput in readings per second (one reading = one hour of
// one supply, written once as P5D and once as F5D).
const [outDir = 'synth-bench', supplies = '100', from = '2024-01-01', to = '2024-12-31'] =
  process.argv.slice(2);
rmSync(outDir, { recursive: true, force: true });
const started = performance.now();
const bytes = writeFleet(
  {
    supplies: Number(supplies),
    from,
    to,
    seed: 1,
    p5d: 'daily',
    changes: [],
    retailer: '0762',
  },
  outDir,
  (m) => process.stderr.write(`  ${m}\n`),
);
const seconds = (performance.now() - started) / 1000;
const days = dayRange(from, to).length;
const readings = Number(supplies) * days * 24;
reportMeasurement(readings / seconds, 'readings/s', { readings, seconds, bytes });
