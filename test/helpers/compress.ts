import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

/** bzip2 through the system's `bzip2` (installed by .ci/run); throws when it is missing. */
export function bzip2(bytes: Uint8Array): Uint8Array {
  const run = spawnSync('bzip2', ['-c', '-9'], { input: bytes, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`bzip2 failed: ${run.stderr?.toString() ?? run.error}`);
  return run.stdout;
}

export function zip(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(entries, { level: 6 });
}

export function latin1(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}
