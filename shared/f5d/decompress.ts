import { PassThrough, Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import bz2 from 'unbzip2-stream';
import { fromBufferPromise, type Entry as ZipEntry, type ZipFile } from 'yauzl';
import { AppError, InvalidInputError } from '../errors.js';

/**
 * Streaming decompression of metering files, detected by magic bytes rather than by name:
 * gzip, bzip2 and zip (several entries, any inner names, compressed entries inside a zip).
 * Every byte any layer inflates counts against one budget: the zip-bomb guard.
 */

export type Compression = 'gzip' | 'bzip2' | 'zip' | 'none';

/** One stream of (possibly still compressed) bytes with the name it came under. */
export interface Entry {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** Counts inflated bytes across every layer of one file. */
export interface InflateBudget {
  readonly file: string;
  readonly maxBytes: number;
  used: number;
}

const MAX_NESTING = 3;

/** Recognises a compression format from the first bytes. */
export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  return 'none';
}

function charge(budget: InflateBudget, bytes: number): void {
  budget.used += bytes;
  if (budget.used > budget.maxBytes) {
    throw new InvalidInputError(
      `${budget.file}: refusing to inflate beyond ${budget.maxBytes} bytes (possible zip bomb)`,
      { details: { file: budget.file, field: 'compression', maxInflateBytes: budget.maxBytes } },
    );
  }
}

/** Reads enough leading bytes to detect a format; returns them and an iterable of everything. */
async function peek(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 4) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(buffered).subarray(0, 4);
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* buffered;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  return { head, all: all() };
}

async function* throughStream(
  input: AsyncIterable<Uint8Array>,
  transform: Transform | NodeJS.ReadWriteStream,
  budget: InflateBudget,
): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const done = pipeline(Readable.from(input), transform, out).catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    for await (const chunk of out) {
      charge(budget, (chunk as Uint8Array).length);
      yield chunk as Uint8Array;
    }
  } catch (error: unknown) {
    // Errors of the bytes' source (a read that failed, not bad data) pass through as they are.
    if (error instanceof AppError || isSystemError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`${budget.file}: corrupt compressed data (${reason})`, {
      cause: error,
      details: { file: budget.file, field: 'compression' },
    });
  } finally {
    out.destroy();
    await done;
  }
}

/** An operating-system error (EIO, ECONNRESET…): it has a syscall, which zlib's errors do not. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error;
}

function nextZipEntry(zip: ZipFile): Promise<ZipEntry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: ZipEntry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function corruptZip(budget: InflateBudget, error: unknown): InvalidInputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidInputError(`${budget.file}: corrupt zip archive (${reason})`, {
    cause: error,
    details: { file: budget.file, field: 'compression' },
  });
}

/**
 * Zip keeps its directory at the end, so the archive itself is held in memory (its compressed
 * size, capped by the inflate limit); each member is then inflated as a stream.
 */
async function* unzipEntries(
  input: AsyncIterable<Uint8Array>,
  budget: InflateBudget,
): AsyncGenerator<Entry> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += chunk.length;
    if (size > budget.maxBytes) charge(budget, size);
    parts.push(chunk);
  }
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(Buffer.concat(parts, size), { lazyEntries: true });
  } catch (error: unknown) {
    throw corruptZip(budget, error);
  }
  try {
    for (let entry = await nextZipEntry(zip); entry; entry = await nextZipEntry(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      yield { name: entry.fileName, chunks: charged(stream, budget) };
      stream.destroy();
    }
  } catch (error: unknown) {
    throw error instanceof InvalidInputError ? error : corruptZip(budget, error);
  } finally {
    zip.close();
  }
}

/** A zip member's bytes, charged to the budget; a bad member is a corrupt archive. */
async function* charged(
  stream: AsyncIterable<Uint8Array>,
  budget: InflateBudget,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      charge(budget, chunk.length);
      yield chunk;
    }
  } catch (error: unknown) {
    if (error instanceof AppError || isSystemError(error)) throw error;
    throw corruptZip(budget, error);
  }
}

/**
 * Opens a metering file's bytes as the plain-text entries it contains (one for plain, gzip or
 * bzip2 files; one per member of a zip; compressed members are opened in turn).
 * @throws InvalidInputError for an empty file, a corrupt archive or the inflate limit
 */
export async function* openEntries(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  budget: InflateBudget,
  depth = 0,
): AsyncGenerator<Entry> {
  const { head, all } = await peek(chunks);
  if (head.length === 0 && depth === 0) {
    throw new InvalidInputError(`${budget.file}: the file is empty`, {
      details: { file: budget.file, field: 'file' },
    });
  }
  const format = detectCompression(head);
  if (format === 'none' || depth >= MAX_NESTING) {
    yield { name, chunks: all };
    return;
  }
  const inner = name.replace(/\.(gz|bz2|zip)$/i, '');
  if (format === 'zip') {
    for await (const entry of unzipEntries(all, budget)) {
      yield* openEntries(entry.name, entry.chunks, budget, depth + 1);
    }
    return;
  }
  const stream = format === 'gzip' ? createGunzip() : bz2();
  yield* openEntries(inner, throughStream(all, stream, budget), budget, depth + 1);
}
