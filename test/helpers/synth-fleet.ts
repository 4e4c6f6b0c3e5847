import { type GenerateOptions } from '../../shared/synth/fleet-data.js';
import { generateFleetFiles } from '../../shared/synth/generate.js';

/** Default options for a small synthetic fleet in tests. */
export const SMALL_FLEET: GenerateOptions = {
  supplies: 12,
  from: '2024-03-25',
  to: '2024-04-03',
  seed: 42,
  p5d: 'daily',
  changes: [],
  retailer: '0762',
};

/** Runs the generator in memory: path → bytes (text chunks of one path are concatenated). */
export function generateInMemory(options: Partial<GenerateOptions> = {}): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array[]>();
  for (const chunk of generateFleetFiles({ ...SMALL_FLEET, ...options })) {
    const bytes =
      typeof chunk.data === 'string' ? Buffer.from(chunk.data, 'utf8') : chunk.data.slice();
    parts.set(chunk.path, [...(parts.get(chunk.path) ?? []), bytes]);
  }
  return new Map([...parts].map(([path, list]) => [path, Buffer.concat(list)]));
}

/** The text of one generated file. */
export function textOf(files: Map<string, Uint8Array>, path: string): string {
  const bytes = files.get(path);
  if (bytes === undefined) throw new Error(`no generated file ${path}`);
  return Buffer.from(bytes).toString('latin1');
}
