import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import { type BlobStore } from '../ports.js';
import { type PromotionDecision, type Stage } from '../types.js';
import { parseStoredJson } from './stored-json.js';

/** Where the stage pointers live in the artifacts bucket. */
export const STAGES_PATH = 'models/stages.json';

export type { Stage } from '../types.js';

/** The scored days a promotion or rollback rested on (WAPE of each side on the same hours). */
export type StageEvidence = PromotionDecision['evidence'];

/** Why a stage changed: who or what decided, and the scored days it read. */
export interface StageNote {
  /** e.g. 'by hand', or the monitor's decision in words. */
  reason?: string;
  evidence?: StageEvidence;
}

/** One change of a stage pointer, kept forever in stages.json. */
export interface StageEvent extends StageNote {
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

/** The note's fields that are set (none are written as undefined). */
function noted(note: StageNote): StageNote {
  return {
    ...(note.reason === undefined ? {} : { reason: note.reason }),
    ...(note.evidence === undefined ? {} : { evidence: note.evidence }),
  };
}

/**
 * Applies a promotion to a document in place. When the promoted version was the shadow (or there
 * was none), the replaced prod becomes `pre`, so that both keep being forecast and scored on the
 * same hours and a worse new prod can be seen and rolled back; a promotion of another version
 * leaves the shadow as it is. The pre change is recorded as its own event.
 * @throws InvalidInputError when version is null
 */
export function applyPromote(
  doc: StagesDoc,
  version: string | null,
  at: string,
  note: StageNote = {},
): boolean {
  if (version === null) throw new InvalidInputError('Nothing to promote: no pre version');
  if (doc.prod === version) return false;
  const replaced = doc.prod;
  doc.history.push({
    at,
    action: 'promote',
    stage: 'prod',
    version,
    previous: replaced,
    ...noted(note),
  });
  doc.prod = version;
  doc.prodLineage.push(version);
  if (doc.pre === version || doc.pre === null) {
    if (replaced !== null) {
      doc.history.push({
        at,
        action: 'promote',
        stage: 'pre',
        version: replaced,
        previous: doc.pre,
        reason: `the replaced prod ${replaced} runs on as the shadow`,
      });
    }
    doc.pre = replaced;
  }
  return true;
}

/**
 * Applies a rollback to the previous prod. When that version was the shadow it leaves `pre`
 * (empty until the next registration): the rolled-back version is not kept as the shadow, so
 * that it cannot win its way straight back.
 * @throws InvalidInputError when there is no previous prod
 */
export function applyRollback(doc: StagesDoc, at: string, note: StageNote = {}): boolean {
  if (doc.prodLineage.length < 2)
    throw new InvalidInputError('No previous prod version to roll back to');
  const current = doc.prodLineage.pop() ?? null;
  const previous = doc.prodLineage.at(-1) ?? null;
  doc.history.push({
    at,
    action: 'rollback',
    stage: 'prod',
    version: previous,
    previous: current,
    ...noted(note),
  });
  doc.prod = previous;
  if (doc.pre !== null && doc.pre === previous) {
    doc.history.push({
      at,
      action: 'rollback',
      stage: 'pre',
      version: null,
      previous: doc.pre,
      reason: `${previous} is prod again`,
    });
    doc.pre = null;
  }
  return true;
}
