import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { reportMeasurement } from '../harness.js';

// Baseline: read the file line by line and split each line on ';' — nothing else.
const [path = ''] = process.argv.slice(2);
const started = performance.now();
let lines = 0;
let fields = 0;
for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
  fields += line.split(';').length;
  lines++;
}
const seconds = (performance.now() - started) / 1000;
reportMeasurement(lines / seconds, 'lines/s', { lines, fields, seconds });
