/**
 * Promotion and rollback decisions from scored days: `pre` replaces `prod` only after beating it
 * on WAPE day after day by a margin; a new `prod` that does worse than the version it replaced
 * (kept running as `pre`, see shared/registry/stages.ts applyPromote) is flagged for rollback.
 * Both sides are compared on the same days, each day's WAPE over the same supply-hours.
 */
import { DAY_MS } from '../calendar/days.js';
import { InvalidInputError } from '../errors.js';
import { type StageEvent } from '../registry/stages.js';
import { type PromotionDecision, type ScoredDay } from '../types.js';

export type Evidence = PromotionDecision['evidence'];

export interface PromotionPolicy {
  /** Promote when pre wins (else only recommend it in the report). */
  auto: boolean;
  /** Pre must win on each of the last `minDays` comparable days. */
  minDays: number;
  /** By at least this many percent of prod's WAPE (relative), each day. */
  marginPct: number;
}

export interface RollbackPolicy {
  /** The new prod must do worse than the replaced one on each of the last `rollbackDays` comparable days. */
  rollbackDays: number;
  /** Only a promotion at most this many days old is judged. */
  windowDays: number;
}

/** A decision to do nothing between these versions, with its reason and the days read. */
function noDecision(prod: string | null, pre: string | null) {
  return (reason: string, evidence: Evidence = []): PromotionDecision => ({
    action: 'none',
    reason,
    prod,
    pre,
    evidence,
  });
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function checkCount(value: number, name: string): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new InvalidInputError(`${name} must be an integer ≥ 1, got ${value}`);
  }
}

/**
 * The days on which both stages were scored with the given versions (provisional or final, some
 * hours, finite WAPE on both sides), oldest first: the only days on which the two can be compared.
 */
export function comparableDays(days: readonly ScoredDay[], prod: string, pre: string): Evidence {
  const out: Evidence = [];
  for (const day of days) {
    if (day.status === 'waiting') continue;
    const p = day.stages.prod;
    const s = day.stages.pre;
    if (p === undefined || s === undefined) continue;
    if (p.modelVersion !== prod || s.modelVersion !== pre) continue;
    if (!(p.hours > 0 && s.hours > 0 && Number.isFinite(p.wape) && Number.isFinite(s.wape))) {
      continue;
    }
    out.push({ date: day.date, prodWape: p.wape, preWape: s.wape });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const dayList = (days: Evidence) =>
  days.map((d) => `${d.date}: ${pct(d.preWape)} against ${pct(d.prodWape)}`).join(', ');

/**
 * Whether `pre` should replace `prod`. Pre wins when, on each of the last `minDays` days on which
 * both were scored (provisional or final), its WAPE is below prod's by at least `marginPct` percent
 * of prod's WAPE. Judged day by day rather than on the pooled hours: one lucky day (a holiday, a
 * storm) can carry a pooled WAPE but not `minDays` separate wins, and a win must hold on the most
 * recent days, not on old ones. The action is 'promoted' when `auto` (the caller promotes), else
 * 'recommend-promotion'; the evidence is the days compared.
 * @throws InvalidInputError for a bad policy
 */
export function decidePromotion(input: {
  prod: string | null;
  pre: string | null;
  days: readonly ScoredDay[];
  policy: PromotionPolicy;
}): PromotionDecision {
  const { prod, pre, policy } = input;
  checkCount(policy.minDays, 'minDays');
  if (!(policy.marginPct >= 0 && policy.marginPct < 100)) {
    throw new InvalidInputError(`marginPct must be in [0, 100), got ${policy.marginPct}`);
  }
  const none = noDecision(prod, pre);
  if (pre === null) return none('no pre version to compare');
  if (prod === null) return none('no prod version to compare with');
  const all = comparableDays(input.days, prod, pre);
  if (all.length < policy.minDays) {
    return none(
      `pre ${pre} was scored beside prod ${prod} on ${all.length} day(s), fewer than ${policy.minDays}`,
      all,
    );
  }
  const recent = all.slice(-policy.minDays);
  const factor = 1 - policy.marginPct / 100;
  const lost = recent.filter((d) => !(d.preWape < d.prodWape && d.preWape <= d.prodWape * factor));
  const claim = `by at least ${policy.marginPct} % on each of the last ${policy.minDays} scored day(s)`;
  if (lost.length > 0) {
    return none(`pre ${pre} did not beat prod ${prod} ${claim} (${dayList(lost)})`, recent);
  }
  const won = `pre ${pre} beat prod ${prod} ${claim}`;
  return policy.auto
    ? { action: 'promoted', reason: won, prod, pre, evidence: recent }
    : {
        action: 'recommend-promotion',
        reason: `${won}; automatic promotion is off`,
        prod,
        pre,
        evidence: recent,
      };
}

/**
 * Whether the current `prod` should be rolled back: it was promoted (not restored by a rollback)
 * at most `windowDays` before `now`, the version it replaced still runs as `pre`, and on each of
 * the last `rollbackDays` days both were scored the new prod's WAPE is above the old one's. Any
 * worse counts (no margin): the old version has already proved itself in production.
 * @throws InvalidInputError for a bad policy
 */
export function decideRollback(input: {
  prod: string | null;
  pre: string | null;
  history: readonly StageEvent[];
  days: readonly ScoredDay[];
  /** UTC ms of the decision. */
  now: number;
  policy: RollbackPolicy;
}): PromotionDecision {
  const { prod, pre, policy } = input;
  checkCount(policy.rollbackDays, 'rollbackDays');
  if (!(policy.windowDays > 0)) {
    throw new InvalidInputError(`windowDays must be > 0, got ${policy.windowDays}`);
  }
  const none = noDecision(prod, pre);
  const last = input.history.filter((e) => e.stage === 'prod').at(-1);
  if (prod === null || last === undefined || last.action !== 'promote' || last.version !== prod) {
    return none('prod was not promoted: nothing to roll back');
  }
  if (last.previous === null || last.previous !== pre) {
    return none(`the version prod ${prod} replaced does not run as pre: nothing to compare`);
  }
  if (Date.parse(last.at) < input.now - policy.windowDays * DAY_MS) {
    return none(`prod ${prod} was promoted more than ${policy.windowDays} days ago`);
  }
  const all = comparableDays(input.days, prod, pre);
  if (all.length < policy.rollbackDays) {
    return none(
      `prod ${prod} was scored beside ${pre} on ${all.length} day(s) since its promotion, fewer than ${policy.rollbackDays}`,
      all,
    );
  }
  const recent = all.slice(-policy.rollbackDays);
  const claim = `on each of the last ${policy.rollbackDays} scored day(s)`;
  if (recent.every((d) => d.prodWape > d.preWape)) {
    return {
      action: 'rollback-recommended',
      reason: `prod ${prod} did worse than ${pre}, the version it replaced, ${claim}`,
      prod,
      pre,
      evidence: recent,
    };
  }
  return none(`prod ${prod} did not do worse than ${pre} ${claim}`, recent);
}
