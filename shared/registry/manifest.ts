import { InvalidInputError } from '../errors.js';

/** Per-feature reference distribution of the training inputs, for drift checks (PSI, KS). */
export interface FeatureReference {
  /** Quantiles at 0, 0.1, …, 1 (linear interpolation, numpy default). */
  quantiles: number[];
  mean: number;
  std: number;
  /** Counts of training values between consecutive decile edges (10 bins). */
  counts: number[];
}

/** What a model version is, where it came from and how well it did. Immutable once written. */
export interface ModelManifest {
  kind: 'mce-segmented-forest';
  schemaVersion: 1;
  version: string;
  runId: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Git SHA (or "unknown"), injected by the caller. */
  codeRevision: string;
  data: {
    /** First and last local day of the training window (YYYY-MM-DD). */
    windowStart: string;
    windowEnd: string;
    /** sha256 over the training inputs (supplies, reading counts and sums per day). */
    fingerprint: string;
    supplies: number;
    trainRows: number;
    dataLatencyDays: number;
    weather: string;
    /** Which readings a feature reads at an origin. */
    visibility?: string;
  };
  featureNames: string[];
  /**
   * What the forests learn: 'log-wh-over-level' = log(wh / levelWh + 0.3) with leaf quantiles,
   * the median read back as the point forecast (current); 'wh-over-level' = the mean of
   * wh / levelWh (versions before quantile forests, no longer loadable).
   */
  target: 'log-wh-over-level' | 'wh-over-level';
  hyperParameters: Record<string, unknown>;
  segments: {
    index: number;
    supplies: number;
    trainRows: number;
    /** File name inside the version folder. */
    forestFile: string;
  }[];
  /** Name inside the version folder of the K-Means centroids JSON. */
  centroidsFile: string;
  metrics: Record<string, unknown>;
  reference: Record<string, FeatureReference>;
  /** Each weight file with its sha256, so a reader can verify what it loads. */
  files: { name: string; sha256: string; bytes: number }[];
}

/** Parses a manifest, rejecting an unknown kind or schema version. @throws InvalidInputError */
export function parseManifest(bytes: Uint8Array): ModelManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error: unknown) {
    throw new InvalidInputError('Model manifest is not JSON', { cause: error });
  }
  const m = value as Partial<ModelManifest> | null;
  if (m === null || typeof m !== 'object' || m.kind !== 'mce-segmented-forest') {
    throw new InvalidInputError(`Unknown model kind ${String(m?.kind)}`);
  }
  if (m.schemaVersion !== 1) {
    throw new InvalidInputError(`Unknown manifest schema version ${String(m.schemaVersion)}`);
  }
  if (!Array.isArray(m.featureNames) || typeof m.version !== 'string') {
    throw new InvalidInputError('Model manifest lacks featureNames or version');
  }
  return m as ModelManifest;
}
