import { InvalidInputError } from '../errors.js';

/** Folder name the local blob store keeps its temp files and locks in; no key may use it. */
export const RESERVED_SEGMENT = '.mce';

function checkSegments(segments: readonly string[], what: string, raw: string): void {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidInputError(`Blob ${what} "${raw}" has an empty, "." or ".." segment`);
    }
  }
  if (segments[0] === RESERVED_SEGMENT) {
    throw new InvalidInputError(
      `Blob ${what} "${raw}" uses the reserved folder ${RESERVED_SEGMENT}`,
    );
  }
}

/**
 * Checks a blob key: `/`-separated, relative, no empty, `.` or `..` segment, no backslash or NUL.
 * @throws InvalidInputError naming the key.
 */
export function assertBlobKey(path: string): void {
  if (path === '' || path.startsWith('/') || /[\\\0]/.test(path)) {
    throw new InvalidInputError(`Blob key "${path}" must be a relative /-separated path`);
  }
  checkSegments(path.split('/'), 'key', path);
}

/**
 * Checks a list prefix: '' (everything) or a key start; a trailing `/` is allowed.
 * @throws InvalidInputError naming the prefix.
 */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === '') return;
  if (prefix.startsWith('/') || /[\\\0]/.test(prefix)) {
    throw new InvalidInputError(`Blob prefix "${prefix}" must be a relative /-separated path`);
  }
  const segments = prefix.split('/');
  // 'models/' ends with an empty segment and 'models/v' with a partial one: both are fine.
  segments.pop();
  checkSegments(segments, 'prefix', prefix);
  const last = prefix.split('/').at(-1);
  if (last === '..' || last === '.') {
    throw new InvalidInputError(`Blob prefix "${prefix}" ends with a "." or ".." segment`);
  }
}
