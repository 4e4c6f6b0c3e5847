import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type GenerateOptions } from '../../shared/synth/fleet-data.js';
import { generateInMemory } from './synth-fleet.js';

/** Writes a small synthetic fleet to a fresh temporary folder and returns the folder. */
export function writeSynthDir(options: Partial<GenerateOptions> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mce-synth-'));
  for (const [path, bytes] of generateInMemory(options)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}
