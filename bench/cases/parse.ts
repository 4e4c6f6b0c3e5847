import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parseMeterFile } from '../../shared/f5d/parse.js';
import { reportMeasurement } from '../harness.js';

// Subject: the full streaming parser (validation, UTC conversion, conflict checks), output dropped.
const [path = ''] = process.argv.slice(2);
const started = performance.now();
let readings = 0;
let rejected = 0;
const events = parseMeterFile(createReadStream(path, { highWaterMark: 1 << 16 }), {
  fileName: basename(path),
});
for await (const event of events) {
  if (event.type === 'readings') readings += event.readings.length;
  else if (event.type === 'rejected') rejected++;
}
const seconds = (performance.now() - started) / 1000;
reportMeasurement((readings + rejected) / seconds, 'lines/s', { readings, rejected, seconds });
