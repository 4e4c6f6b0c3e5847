/** What rule evaluation hands to the incident engine. */
import { type AlertSeverity, type AlertValue } from '../types.js';

/** One rule firing for one subject at this evaluation. */
export interface Firing {
  ruleId: string;
  /** What it fires for: `fleet`, `segment 3`, `feature temperatureC`, `distributor 0031`… */
  subject: string;
  severity: AlertSeverity;
  /** One line saying what and how bad, e.g. `WAPE 41.0 % above 30 % for 3 days`. */
  summary: string;
  /** Further lines for the e-mail body. */
  details: string;
  values: Readonly<Record<string, AlertValue>>;
}

/**
 * One rule's outcome at this run: the subjects it fires for. A rule that was evaluated and no
 * longer fires for a subject resolves that subject's incident; a rule not evaluated (no data
 * yet) leaves its incidents as they are.
 */
export interface RuleEvaluation {
  ruleId: string;
  firings: Firing[];
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** The more severe of two severities. */
export function worse(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `a` is strictly more severe than `b`. */
export function isWorse(a: AlertSeverity, b: AlertSeverity): boolean {
  return RANK[a] > RANK[b];
}
