import { type Zone } from './calendar/zone.js';
/**
 * Domain types shared by every layer. Instants are UTC milliseconds (numbers) inside the core
 * and ISO-8601 strings at the edges (JSON output, logs).
 */

/** Metering file kinds, lowest precedence first. */
export const SOURCE_KINDS = ['P5D', 'F5D', 'RF5D'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Precedence rank of a source kind: P5D 0 < F5D 1 < RF5D 2. */
export function kindRank(kind: SourceKind): number {
  return SOURCE_KINDS.indexOf(kind);
}

/** One hourly reading of one supply. */
export interface Reading {
  /** First 20 characters of the CUPS. */
  cups: string;
  /** End of the hour, UTC ms. */
  hourEnd: number;
  /** Active import, Wh. */
  wh: number;
  /** Active export, Wh, or null when the file leaves it empty. */
  exportWh: number | null;
  kind: SourceKind;
  /** Generation date of the file, YYYYMMDD as a number (e.g. 20211008). */
  fileDate: number;
  /** File version (the number after the name's dot). */
  version: number;
  /**
   * When the file generation that carried this reading was uploaded, UTC ms (0 when unknown):
   * between files of equal kind, date and version, the later upload wins.
   */
  uploadedAt: number;
  /** Method of obtaining, 1..6, or null (P5D). */
  method: number | null;
  /** Firm (true) or provisional (false), or null (P5D). */
  firm: boolean | null;
  /**
   * Generation date (YYYYMMDD) of the earliest file that carried this hour, whatever file's value
   * is stored: when the hour first became known. Absent on readings not read from a store.
   */
  knownDate?: number;
}

/** A supply point as the store knows it. */
export interface Supply {
  cups: string;
  zone: Zone;
  firstReading: number | null;
  lastReading: number | null;
  /** Location key for weather (e.g. "40.42,-3.70"), when known. */
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  province: string | null;
  tariff: string | null;
  segment: number | null;
  active: boolean;
}

/** An ingested file's ledger entry, keyed by (bucket, object, generation). */
export interface FileRecord {
  bucket: string;
  object: string;
  generation: string;
  sha256: string;
  kind: SourceKind | null;
  status: 'processing' | 'done' | 'failed';
  rowsOk: number;
  rowsRejected: number;
  /** UTC ms when the status was last set. */
  updatedAt: number;
  error: string | null;
}

export type WeatherKind = 'observed' | 'forecast';

/** One hour of weather at one location, normalised units. */
export interface WeatherRow {
  location: string;
  /** End of the hour, UTC ms (the same convention as readings). */
  hourEnd: number;
  kind: WeatherKind;
  /** When the forecast was issued, UTC ms; equal to hourEnd for observations. */
  issuedAt: number;
  temperatureC: number | null;
  humidityPct: number | null;
  cloudPct: number | null;
  windMs: number | null;
  radiationWm2: number | null;
  source: string;
}

/** An e-mail as the domain composes it; the Mailer adapters encode it (RFC 5322, MIME). */
export interface MailMessage {
  /** `Name <address>` or a bare address. */
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  /** Stable Message-ID without angle brackets (`left@right`): a resend is the same message. */
  messageId: string;
  /** Message-ID this one answers (threads an incident's notices), without angle brackets. */
  inReplyTo?: string;
  references?: readonly string[];
  /** Further headers, e.g. X-MCE-Incident. */
  headers?: Readonly<Record<string, string>>;
  /** The Date header, UTC ms. */
  date: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertValue = number | string | boolean | null;

/** One occurrence of a rule firing for one subject, from first firing to resolution. */
export interface Incident {
  /** `ruleId|subject|firstFiredAt`: unique per occurrence. */
  id: string;
  ruleId: string;
  /** What the rule fired for: `fleet`, `segment 3`, `feature temperatureC`, `distributor 0031`… */
  subject: string;
  status: 'firing' | 'resolved';
  severity: AlertSeverity;
  worstSeverity: AlertSeverity;
  summary: string;
  details: string;
  values: Readonly<Record<string, AlertValue>>;
  firstFiredAt: number;
  lastFiredAt: number;
  resolvedAt: number | null;
  /** Notifications created so far; theirs are numbered 1..n. */
  notificationCount: number;
  /** When the last firing or repeat notice was created, and at which severity. */
  lastNoticeAt: number | null;
  lastNoticeSeverity: AlertSeverity | null;
  /** The last instant this record changed (for listing a day's incidents). */
  updatedAt: number;
}

/** An e-mail owed for an incident and its delivery state. */
export interface AlertNotification {
  /** `incidentId#n`: the same notification whatever the number of runs that plan it. */
  id: string;
  incidentId: string;
  kind: 'firing' | 'repeat' | 'resolved';
  createdAt: number;
  message: MailMessage;
  status: 'pending' | 'sent';
  attempts: number;
  lastAttemptAt: number | null;
  /** The last delivery error, without secrets. */
  lastError: string | null;
  sentAt: number | null;
}

/** A refused line of an input file: where it is, which field is wrong and why. */
export interface LineRefusal {
  file: string;
  /** 1-based line number. */
  line: number;
  field: string;
  reason: string;
}
