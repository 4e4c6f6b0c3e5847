/**
 * The interfaces the pipelines need, in domain types only. Adapters in shared/adapters implement
 * them over SQLite, MongoDB, a folder, GCS, Pub/Sub or memory; contract tests hold them together.
 */
import {
  type AlertNotification,
  type BatchRecord,
  type FileRecord,
  type Incident,
  type MailMessage,
  type MonitorReport,
  type PredictionRow,
  type Reading,
  type RunKey,
  type RunRecord,
  type RunStatus,
  type Stage,
  type Supply,
  type SupplyDayPrediction,
  type WeatherKind,
  type WeatherRow,
} from './types.js';

/** What an upsert did to each row it was given. */
export interface UpsertCounts {
  inserted: number;
  replaced: number;
  unchanged: number;
}

export interface ReadingStore {
  /**
   * Stores readings; an existing (cups, hourEnd) is replaced only by a reading of strictly higher
   * precedence: kind, fileDate, version, then uploadedAt (the later upload of a file wins among
   * equal kind, date and version), then wh and exportWh as deterministic tie-breaks (see
   * shared/adapters/precedence.ts). Idempotent and order-independent. Counts are per input
   * reading as if the batch were applied in order (a key repeated in one batch counts twice); a
   * higher reading with the same content (only uploadedAt differs) refreshes the stored
   * provenance and counts as unchanged.
   */
  upsertReadings(readings: readonly Reading[]): Promise<UpsertCounts>;
  /**
   * Upserts every batch as upsertReadings does, as one unit where the store can: SQLite applies
   * them in one transaction (readers see all of them or none; a crash leaves none). MongoDB
   * (no multi-document transactions on FerretDB) applies them batch by batch: until the call
   * returns a reader may see part of them, and a crash midway leaves part of them until the same
   * batches are applied again, which ends as a single clean call would.
   */
  upsertReadingBatches(batches: AsyncIterable<readonly Reading[]>): Promise<UpsertCounts>;
  /** Readings of one supply with fromMs < hourEnd <= toMs, ascending. */
  readings(cups: string, fromMs: number, toMs: number): Promise<Reading[]>;
  /** Readings of every supply with fromMs < hourEnd <= toMs, streamed by cups then hourEnd. */
  readingsBetween(fromMs: number, toMs: number): AsyncIterable<Reading>;
  countReadings(): Promise<number>;
}

/** A supply update: the CUPS plus the fields to set. */
export type SupplyPatch = Partial<Supply> & { cups: string };

export interface SupplyStore {
  /**
   * Inserts or merges supplies: first/last readings widen (null = no information), other given
   * fields overwrite (null included), absent fields keep; a new supply defaults to Europe/Madrid,
   * active, other fields null.
   */
  upsertSupplies(supplies: readonly SupplyPatch[]): Promise<void>;
  getSupply(cups: string): Promise<Supply | undefined>;
  listSupplies(): Promise<Supply[]>;
}

export interface FileLedger {
  getFile(bucket: string, object: string, generation: string): Promise<FileRecord | undefined>;
  /** The done record with this content hash updated last, if any (detects re-uploads). */
  findDoneBySha(sha256: string): Promise<FileRecord | undefined>;
  putFile(record: FileRecord): Promise<void>;
  listFiles(): Promise<FileRecord[]>;
}

export interface WeatherStore {
  /** Upserts by (location, hourEnd, kind, issuedAt); an identical row counts as unchanged. */
  upsertWeather(rows: readonly WeatherRow[]): Promise<UpsertCounts>;
  /** Rows of one location and kind with fromMs < hourEnd <= toMs, ascending by hourEnd then issuedAt. */
  weather(location: string, kind: WeatherKind, fromMs: number, toMs: number): Promise<WeatherRow[]>;
}

/** A place weather is fetched for: its key (as supplies carry it) and coordinates. */
export interface WeatherLocation {
  key: string;
  latitude: number;
  longitude: number;
}

export interface WeatherRequest {
  locations: readonly WeatherLocation[];
  kind: WeatherKind;
  /** Hours ending in (fromMs, toMs], UTC ms. */
  fromMs: number;
  toMs: number;
  /** Forecasts: the issue instant to stamp (APIs) or the latest issue to accept (files), UTC ms. */
  issuedAt: number;
}

/** What a weather fetch could not deliver: a failed location or some missing hours of one. */
export interface WeatherGap {
  location: string;
  missingHours: number;
  reason: string;
}

export interface WeatherFetchResult {
  rows: WeatherRow[];
  gaps: WeatherGap[];
  /** HTTP calls made, retries included (0 for files). */
  calls: number;
}

export interface WeatherSource {
  readonly name: 'open-meteo' | 'openweather' | 'files';
  /** False when the source only knows the current forecast (not those of past days). */
  readonly historicalForecasts: boolean;
  /**
   * Fetches observations or forecasts in normalised units (°C, %, m/s, W/m²). One location's
   * failure is a gap, not an error.
   * @throws InvalidInputError when the source refuses the credentials (the key is never included)
   */
  fetchWeather(request: WeatherRequest): Promise<WeatherFetchResult>;
}

export interface IncidentFilter {
  status?: Incident['status'];
  /** Only incidents changed at or after this instant, UTC ms. */
  since?: number;
}

export interface NotificationFilter {
  status?: AlertNotification['status'];
  incidentId?: string;
  /** Only notifications created at or after this instant, UTC ms. */
  since?: number;
}

/** Alert incidents and their notifications (what was owed, sent, or failed and why). */
export interface AlertStore {
  /** Incidents ordered by firstFiredAt then id. */
  listIncidents(filter?: IncidentFilter): Promise<Incident[]>;
  /** Notifications ordered by createdAt then id. */
  listNotifications(filter?: NotificationFilter): Promise<AlertNotification[]>;
  /**
   * Upserts by id, notifications before incidents: a crash in between leaves an incident that
   * plans the same notification (same id) again, so nothing is lost or sent twice.
   */
  saveAlerts(change: {
    incidents?: readonly Incident[];
    notifications?: readonly AlertNotification[];
  }): Promise<void>;
}

export interface PredictionStore {
  /**
   * Stores each supply-day of a stage, replacing that supply-day's rows as a whole (never a mix
   * of two runs for one supply-day). A supply-day already stored by a run issued later is kept.
   * Returns how many supply-days were written and how many were kept because newer.
   */
  replacePredictions(
    stage: Stage,
    days: readonly SupplyDayPrediction[],
  ): Promise<{ written: number; keptNewer: number }>;
  /** Every row of one local day of a stage, streamed by cups then hourEnd. */
  predictionsOfDay(stage: Stage, day: string): AsyncIterable<PredictionRow>;
  /** The rows of one supply over local days fromDay..toDay (inclusive), ascending by hourEnd. */
  supplyPredictions(
    stage: Stage,
    cups: string,
    fromDay: string,
    toDay: string,
  ): Promise<PredictionRow[]>;
}

/** Partial updates of a run record (anything but its key and runId). */
export type RunPatch = Partial<Omit<RunRecord, 'kind' | 'day' | 'stage' | 'runId'>>;

/** The runs record: one per (kind, day, stage), the run currently responsible for it. */
export interface RunStore {
  /**
   * Creates the run unless its key is held: by the same runId (re-planning: the stored one is
   * returned) or by a run planned at the same time or later (it is kept and returned). A run
   * planned earlier is replaced (a re-run). `created` says whether `run` is the given one.
   */
  startRun(run: RunRecord): Promise<{ run: RunRecord; created: boolean }>;
  getRun(key: RunKey): Promise<RunRecord | undefined>;
  /**
   * Applies `patch` when the stored run of `key` is `runId` and has status `from`; returns
   * whether it did, so that of concurrent callers exactly one wins a transition.
   */
  updateRun(key: RunKey, runId: string, from: RunStatus, patch: RunPatch): Promise<boolean>;
}

/** What each batch of a run left, keyed by (runId, batch). */
export interface BatchLedger {
  /**
   * Records a batch outcome once: a second record of the same batch is ignored, except that a
   * done batch replaces a failed one (a late attempt that finished). Returns whether it was stored.
   */
  recordBatch(record: BatchRecord): Promise<boolean>;
  getBatch(runId: string, batch: number): Promise<BatchRecord | undefined>;
  /** How many batches of a run are recorded done and failed. */
  countBatches(runId: string): Promise<{ done: number; failed: number }>;
  /** Every batch record of a run, by batch number. */
  listBatches(runId: string): Promise<BatchRecord[]>;
}

/** The daily monitor reports, one per run day (a re-run of a day replaces its report). */
export interface MonitorReportStore {
  putMonitorReport(report: MonitorReport): Promise<void>;
  getMonitorReport(date: string): Promise<MonitorReport | undefined>;
  /** Reports of run days from..to (inclusive, YYYY-MM-DD), by date. */
  listMonitorReports(from: string, to: string): Promise<MonitorReport[]>;
}

/** Everything the pipelines persist, behind one handle that can be closed. */
export interface Store
  extends ReadingStore,
    SupplyStore,
    FileLedger,
    WeatherStore,
    AlertStore,
    PredictionStore,
    RunStore,
    BatchLedger,
    MonitorReportStore {
  close(): Promise<void>;
}

export interface BlobObject {
  bytes: Uint8Array;
  /** Opaque version token; a write with ifGenerationMatch must present the current one. */
  generation: string;
}

export interface PutOptions {
  /** '0' = create only; another value = replace only that generation. */
  ifGenerationMatch?: string;
  contentType?: string;
}

export interface BlobStore {
  /** @throws PreconditionFailedError when ifGenerationMatch does not hold. Returns the new generation. */
  put(path: string, bytes: Uint8Array, options?: PutOptions): Promise<string>;
  get(path: string): Promise<BlobObject | undefined>;
  list(prefix: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
}

export interface Bus {
  /** Publishes one message; returns the message id. */
  publish(topic: string, data: unknown, attributes?: Record<string, string>): Promise<string>;
}

/** One uploaded object at one generation, readable as many times as needed. */
export interface StoredObject {
  size: number;
  /** When this generation was uploaded (GCS creation time, a local file's change time), UTC ms. */
  uploadedAt: number;
  read(): AsyncIterable<Uint8Array>;
}

/**
 * Local scratch bytes for one piece of work (a file being validated before it is stored): written
 * at the end or in place, read back at any position, discarded when done. Never shared.
 */
export interface ScratchFile {
  /** Appends bytes at the end. */
  append(bytes: Uint8Array): Promise<void>;
  /** Overwrites bytes already written, at `position`. */
  writeAt(bytes: Uint8Array, position: number): Promise<void>;
  /** Reads up to `into.length` bytes at `position`; returns how many were read (0 at the end). */
  readAt(into: Uint8Array, position: number): Promise<number>;
  /** Deletes the bytes; the scratch cannot be used afterwards. */
  discard(): Promise<void>;
}

/** Creates an empty scratch file (a temporary file on local disk, or memory in tests). */
export type OpenScratch = () => Promise<ScratchFile>;

/** Where uploaded metering files are read from (the raw bucket, or local files). */
export interface ObjectSource {
  /** The object at exactly this generation, or undefined when it no longer exists. */
  open(bucket: string, object: string, generation: string): Promise<StoredObject | undefined>;
}

export interface MailReceipt {
  messageId: string;
  /** Recipients the server accepted (all of them for the outbox). */
  accepted: string[];
  /** Where the message went: `smtp://host:port` or the .eml file written. */
  destination: string;
}

/** Sends e-mail: SMTP in production, an outbox folder of .eml files locally. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  /**
   * Delivers one message. Sending the same message (same messageId) again is harmless for the
   * outbox (same file) and a duplicate for SMTP, so callers record what was sent.
   * @throws TransientError when a retry may succeed (connection, timeout, 4xx); InvalidInputError
   *   when the server refuses for good (5xx, authentication). Messages never hold the password.
   */
  send(message: MailMessage): Promise<MailReceipt>;
  close(): Promise<void>;
}

/** The current instant, injected (never Date.now() below runtime/). */
export type Clock = () => number;
