/**
 * Scratch files on local disk: each one a file in its own temporary folder (under `dir`, or the
 * OS's temporary folder), removed when discarded. On Cloud Run that folder is in memory.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransientError } from '../../errors.js';
import { type OpenScratch, type ScratchFile } from '../../ports.js';

/**
 * Returns a function that creates scratch files under `dir` ('' = the OS's temporary folder).
 * @throws TransientError (from the returned function) when the folder cannot be written
 */
export function createFileScratch(dir = ''): OpenScratch {
  return async (): Promise<ScratchFile> => {
    let folder: string;
    try {
      folder = await mkdtemp(join(dir || tmpdir(), 'mce-scratch-'));
    } catch (error: unknown) {
      const where = dir || tmpdir();
      throw new TransientError(`Cannot create a scratch file in ${where}`, { cause: error });
    }
    const handle = await open(join(folder, 'spool'), 'w+');
    let end = 0;
    let open_ = true;
    return {
      async append(bytes) {
        await handle.write(bytes, 0, bytes.length, end);
        end += bytes.length;
      },
      async writeAt(bytes, position) {
        await handle.write(bytes, 0, bytes.length, position);
      },
      async readAt(into, position) {
        const { bytesRead } = await handle.read(into, 0, into.length, position);
        return bytesRead;
      },
      async discard() {
        if (!open_) return;
        open_ = false;
        await handle.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  };
}
