import { describe, expect, it } from 'vitest';
import {
  ingestActivityWarnings,
  readIngestActivity,
} from '../../../shared/pipelines/ingest-activity.js';
import { fileRecord } from '../../helpers/store-adapters.js';

const ledger = (...statuses: ('processing' | 'done' | 'failed')[]) => ({
  listFiles: async () =>
    statuses.map((status, i) =>
      fileRecord({ object: `in/F5D_${i}.0`, generation: String(i), status }),
    ),
});

describe('ingestActivityWarnings', () => {
  it('says nothing when no file was being ingested and none landed', async () => {
    const quiet = await readIngestActivity(ledger('done', 'failed'));

    expect(ingestActivityWarnings(quiet, quiet)).toEqual([]);
  });

  it('names files being ingested at the start, and counts files that landed meanwhile', async () => {
    const before = await readIngestActivity(ledger('processing', 'done', 'processing'));
    const after = await readIngestActivity(ledger('done', 'done', 'done'));

    const warnings = ingestActivityWarnings(before, after);

    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^2 files were being ingested .* \(F5D_0\.0, F5D_2\.0\)/);
    expect(warnings[1]).toMatch(/^2 files finished ingesting meanwhile/);
  });
});
