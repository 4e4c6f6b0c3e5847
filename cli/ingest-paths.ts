/**
 * What `mce ingest` was given: the files under the named paths, by what they hold. A named path
 * must exist and be something mce ingests (a mistake the user can fix before anything is done);
 * inside folders, an entry that cannot be read (a dangling symbolic link, a link loop, a folder
 * that cannot be listed) is reported and the walk goes on.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InvalidInputError } from '../shared/errors.js';

const METER_NAME = /^(F5D|RF5D|P5D)_\d{4}_\d{4}_\d{8}\.\d+(\.(bz2|zip|gz))?$/i;

export interface IngestPaths {
  csv: string[];
  weather: string[];
  meter: string[];
  /** Files in folders that hold nothing mce ingests (a README, changes.json). */
  skipped: string[];
  /** Entries in folders that could not be read, and why. */
  bad: { path: string; reason: string }[];
}

type Kind = 'csv' | 'weather' | 'meter' | undefined;

function kindOf(path: string): Kind {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.jsonl$/i.test(path)) return 'weather';
  if (METER_NAME.test(basename(path))) return 'meter';
  return undefined;
}

const codeOf = (error: unknown) =>
  error instanceof Error && 'code' in error ? String(error.code) : '';

function whyUnreadable(error: unknown): string {
  const code = codeOf(error);
  if (code === 'ENOENT') return 'a symbolic link to nothing (dangling)';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return 'not readable (permission denied)';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Walks the named paths (folders recursively, in name order; symbolic links followed, each folder
 * once).
 * @throws InvalidInputError for a named path that does not exist, or a named file that is not a
 * metering file (F5D_…, RF5D_…, P5D_…), a supplies CSV or weather JSON lines
 */
export async function collectIngestPaths(paths: readonly string[]): Promise<IngestPaths> {
  const found: IngestPaths = { csv: [], weather: [], meter: [], skipped: [], bad: [] };
  const folders = new Set<string>();
  const place = (path: string, named: boolean): void => {
    const kind = kindOf(path);
    if (kind) found[kind].push(path);
    else if (!named) found.skipped.push(path);
    else
      throw new InvalidInputError(
        `${path} is not a metering file (F5D_…, RF5D_…, P5D_… with a date and version), a supplies CSV or weather JSON lines`,
      );
  };
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (folders.has(real)) {
      found.bad.push({ path: dir, reason: `a link loop (back to ${real})` });
      return;
    }
    folders.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error: unknown) {
      found.bad.push({ path: dir, reason: whyUnreadable(error) });
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch (error: unknown) {
        found.bad.push({ path, reason: whyUnreadable(error) });
        continue;
      }
      if (info.isDirectory()) await walk(path);
      else place(path, false);
    }
  };
  for (const p of paths) {
    const path = resolve(p);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error: unknown) {
      const why = codeOf(error) === 'ENOENT' ? 'does not exist' : whyUnreadable(error);
      throw new InvalidInputError(`${p} ${why}`);
    }
    if (info.isDirectory()) await walk(path);
    else place(path, true);
  }
  return found;
}
