#!/usr/bin/env node
// Entry point of the `mce` command: runs the compiled CLI (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `mce needs Node 22 or later (this is ${process.version}); run it through npx or npm scripts, which use the Node the repo installs\n`,
  );
  process.exit(2);
}
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('mce is not built yet: run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv);
