import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { reportMeasurement } from '../harness.js';

// Baseline for synth-generate: write two fixed metering lines per reading (its P5D and F5D
// lines) to disk in 8 MB buffers, computing nothing. Usage: synth-baseline <outDir> <readings>
const [outDir = 'synth-baseline', readingsText = '1000000'] = process.argv.slice(2);
const readings = Number(readingsText);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const line = Buffer.from(
  'ES0031000457000433XJ0F;2023/01/01 01:00;0;757;;\r\nES0031000457000433XJ0F;2023/01/01 01:00;0;757;;;;;;1;1;FE/202300043301;\r\n',
  'latin1',
);
const perBuffer = Math.floor((8 << 20) / line.length);
const buffer = Buffer.alloc(perBuffer * line.length);
for (let i = 0; i < perBuffer; i++) line.copy(buffer, i * line.length);
const started = performance.now();
const fd = openSync(join(outDir, 'lines.txt'), 'w');
let bytes = 0;
for (let left = readings; left > 0; left -= perBuffer) {
  const n = Math.min(left, perBuffer) * line.length;
  writeSync(fd, buffer, 0, n);
  bytes += n;
}
closeSync(fd);
const seconds = (performance.now() - started) / 1000;
reportMeasurement(readings / seconds, 'readings/s', { readings, seconds, bytes });
