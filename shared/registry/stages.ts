import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import { type BlobStore } from '../ports.js';
import { type Stage } from '../types.js';
import { parseStoredJson } from './stored-json.js';

/** Where the stage pointers live in the artifacts bucket. */
export const STAGES_PATH = 'models/stages.json';

export type { Stage } from '../types.js';

/** One change of a stage pointer, kept forever in stages.json. */
export interface StageEvent {
  at: string;
  action: 'register' | 'promote' | 'rollback';
  stage: Stage;
  version: string | null;
  previous: string | null;
}

/** The pointer document: current prod and pre, the prod lineage (for rollback) and every change. */
export interface StagesDoc {
  prod: string | null;
  pre: string | null;
  /** Versions that have been prod, oldest first; the last is the current prod. */
  prodLineage: string[];
  history: StageEvent[];
}

const EMPTY: StagesDoc = { prod: null, pre: null, prodLineage: [], history: [] };
const encoder = new TextEncoder();

/** Reads stages.json and its generation ('0' when it does not exist yet). */
export async function readStages(
  blobs: BlobStore,
): Promise<{ doc: StagesDoc; generation: string }> {
  const found = await blobs.get(STAGES_PATH);
  if (found === undefined) return { doc: structuredClone(EMPTY), generation: '0' };
  const doc = parseStoredJson(found.bytes, STAGES_PATH) as StagesDoc;
  return { doc, generation: found.generation };
}

/**
 * Read-modify-write of stages.json under a generation precondition: of two writers that read the
 * same generation, one wins and the other gets PreconditionFailedError (after `retries` re-reads).
 * `mutate` returns false to leave the document unchanged (no write).
 * @throws PreconditionFailedError when retries are exhausted; whatever `mutate` throws.
 */
export async function updateStages(
  blobs: BlobStore,
  mutate: (doc: StagesDoc) => boolean,
  retries = 0,
): Promise<StagesDoc> {
  for (let attempt = 0; ; attempt++) {
    const { doc, generation } = await readStages(blobs);
    if (!mutate(doc)) return doc;
    try {
      await blobs.put(STAGES_PATH, encoder.encode(`${JSON.stringify(doc, null, 2)}\n`), {
        ifGenerationMatch: generation,
        contentType: 'application/json',
      });
      return doc;
    } catch (error: unknown) {
      if (!(error instanceof PreconditionFailedError) || attempt >= retries) throw error;
    }
  }
}

/** Applies a promotion to a document in place. @throws InvalidInputError when version is null. */
export function applyPromote(doc: StagesDoc, version: string | null, at: string): boolean {
  if (version === null) throw new InvalidInputError('Nothing to promote: no pre version');
  if (doc.prod === version) return false;
  doc.history.push({ at, action: 'promote', stage: 'prod', version, previous: doc.prod });
  doc.prod = version;
  doc.prodLineage.push(version);
  if (doc.pre === version) doc.pre = null;
  return true;
}

/** Applies a rollback to the previous prod. @throws InvalidInputError when there is none. */
export function applyRollback(doc: StagesDoc, at: string): boolean {
  if (doc.prodLineage.length < 2)
    throw new InvalidInputError('No previous prod version to roll back to');
  const current = doc.prodLineage.pop() ?? null;
  const previous = doc.prodLineage.at(-1) ?? null;
  doc.history.push({ at, action: 'rollback', stage: 'prod', version: previous, previous: current });
  doc.prod = previous;
  return true;
}
