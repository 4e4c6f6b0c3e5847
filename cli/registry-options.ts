import { execFileSync } from 'node:child_process';

/** The git SHA of the working tree, or the configured revision, or "unknown". */
export function codeRevision(configured: string): string {
  if (configured !== 'unknown') return configured;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
