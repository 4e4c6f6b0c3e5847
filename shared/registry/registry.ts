import { createHash } from 'node:crypto';
import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import { type BlobStore } from '../ports.js';
import { type ModelManifest, parseManifest } from './manifest.js';
import {
  applyPromote,
  applyRollback,
  readStages,
  type StageNote,
  type StagesDoc,
  updateStages,
} from './stages.js';

/**
 * The model registry over a BlobStore: immutable version folders `models/<version>/` (weights
 * first, manifest.json last, all create-only) and the stage pointers in models/stages.json.
 */

const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const STAGE_RETRIES = 5;

/** Folder of a version. @throws InvalidInputError for a name that is not a safe path segment. */
export function versionPrefix(version: string): string {
  if (!VERSION_PATTERN.test(version)) throw new InvalidInputError(`Bad model version "${version}"`);
  return `models/${version}/`;
}

/** sha256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Writes an object create-only; an identical existing object is fine (redelivery), a different one is not. */
async function putOnce(blobs: BlobStore, path: string, bytes: Uint8Array): Promise<void> {
  try {
    await blobs.put(path, bytes, { ifGenerationMatch: '0' });
  } catch (error: unknown) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const existing = await blobs.get(path);
    if (existing === undefined || !sameBytes(existing.bytes, bytes)) {
      throw new PreconditionFailedError(`${path} already exists with other content`, {
        cause: error,
      });
    }
  }
}

/**
 * Registers a version: writes its files and manifest create-only, then points `pre` at it (once:
 * a repeated registration of the same version changes nothing). The manifest's `files` list is
 * filled from `files`. @throws PreconditionFailedError when the version exists with other content.
 */
export async function registerVersion(
  blobs: BlobStore,
  manifest: Omit<ModelManifest, 'files'>,
  files: Readonly<Record<string, Uint8Array>>,
  options: { stage?: 'pre' | 'none' } = {},
): Promise<ModelManifest> {
  const prefix = versionPrefix(manifest.version);
  const listed = Object.entries(files).map(([name, bytes]) => ({
    name,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
  }));
  const full: ModelManifest = { ...manifest, files: listed };
  for (const [name, bytes] of Object.entries(files)) await putOnce(blobs, prefix + name, bytes);
  await putOnce(
    blobs,
    `${prefix}manifest.json`,
    new TextEncoder().encode(`${JSON.stringify(full, null, 2)}\n`),
  );
  if ((options.stage ?? 'pre') === 'pre') {
    await updateStages(
      blobs,
      (doc) => {
        if (doc.history.some((e) => e.action === 'register' && e.version === manifest.version))
          return false;
        doc.history.push({
          at: manifest.createdAt,
          action: 'register',
          stage: 'pre',
          version: manifest.version,
          previous: doc.pre,
        });
        doc.pre = manifest.version;
        return true;
      },
      STAGE_RETRIES,
    );
  }
  return full;
}

/** The manifest of a version. @throws InvalidInputError when the version does not exist. */
export async function showVersion(blobs: BlobStore, version: string): Promise<ModelManifest> {
  const found = await blobs.get(`${versionPrefix(version)}manifest.json`);
  if (found === undefined) throw new InvalidInputError(`No model version "${version}"`);
  return parseManifest(found.bytes);
}

/** A weight file of a version, checked against the manifest's sha256. @throws InvalidInputError */
export async function readVersionFile(
  blobs: BlobStore,
  manifest: ModelManifest,
  name: string,
): Promise<Uint8Array> {
  const entry = manifest.files.find((f) => f.name === name);
  const found = await blobs.get(versionPrefix(manifest.version) + name);
  if (entry === undefined || found === undefined) {
    throw new InvalidInputError(`Model ${manifest.version} has no file ${name}`);
  }
  if (sha256Hex(found.bytes) !== entry.sha256) {
    throw new InvalidInputError(`Model ${manifest.version} file ${name} fails its checksum`);
  }
  return found.bytes;
}

/** Every registered version (those with a manifest), oldest first, with its stages. */
export async function listVersions(
  blobs: BlobStore,
): Promise<{ versions: string[]; stages: StagesDoc }> {
  const paths = await blobs.list('models/');
  const versions = paths
    .map((p) => /^models\/([^/]+)\/manifest\.json$/.exec(p)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort();
  return { versions, stages: (await readStages(blobs)).doc };
}

/**
 * Points prod at `version` (default: the current pre), recording why (`note`: a reason and the
 * scored days it rested on); the replaced prod becomes the shadow (see applyPromote). One of two
 * concurrent writers wins; the other gets PreconditionFailedError.
 * @throws InvalidInputError for an unknown version or no pre
 */
export async function promote(
  blobs: BlobStore,
  at: string,
  version?: string,
  note: StageNote = {},
): Promise<StagesDoc> {
  if (version !== undefined) await showVersion(blobs, version);
  return updateStages(blobs, (doc) => applyPromote(doc, version ?? doc.pre, at, note));
}

/**
 * Points prod back at the version that was prod before, recording why (`note`).
 * @throws InvalidInputError when there is none
 */
export async function rollback(
  blobs: BlobStore,
  at: string,
  note: StageNote = {},
): Promise<StagesDoc> {
  return updateStages(blobs, (doc) => applyRollback(doc, at, note));
}
