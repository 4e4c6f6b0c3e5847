/**
 * Whether a monitor run asks for a retraining: only when a configured rule fires, never within a
 * cooldown after the previous request, and never more than a cap of requests in a window, so a
 * flapping metric cannot loop training.
 */
import { isCalendarDay, type LocalDay } from '../calendar/days.js';
import { localDayOf, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type RetrainDecision } from '../types.js';

export interface RetrainPolicy {
  /** Rule ids whose firing asks for a retraining (e.g. drift, wape-high, skill-low). */
  onRules: readonly string[];
  /** No new request sooner than this after the previous one. */
  cooldownMs: number;
  /** At most this many requests … */
  maxRequests: number;
  /** … in any window of this length ending now. */
  capWindowMs: number;
}

/** The train run a monitor run of `runDay` requests: the same for a redelivered tick of that day. */
export function retrainRunId(runDay: LocalDay): string {
  return `retrain-${runDay}`;
}

function checkPolicy(p: RetrainPolicy): void {
  const problems: string[] = [];
  if (!(p.cooldownMs >= 0)) problems.push(`cooldownMs must be ≥ 0, got ${p.cooldownMs}`);
  if (!(Number.isInteger(p.maxRequests) && p.maxRequests >= 1)) {
    problems.push(`maxRequests must be an integer ≥ 1, got ${p.maxRequests}`);
  }
  if (!(p.capWindowMs > 0)) problems.push(`capWindowMs must be > 0, got ${p.capWindowMs}`);
  if (problems.length > 0) throw new InvalidInputError(`Retrain policy: ${problems.join('; ')}`);
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY_HOURS = 24 * 3_600_000;
const days = (ms: number) => `${Number((ms / DAY_HOURS).toFixed(2))} days`;

/**
 * Decides whether to request a retraining, and says why. A request of an earlier monitor run of
 * the same Europe/Madrid day is this run's own (a redelivered tick): the same run id is requested
 * again, which the training plan deduplicates. Otherwise, with a configured rule firing, the
 * request is refused while the previous one is younger than the cooldown, or when the cap of
 * requests in the window is reached.
 * @throws InvalidInputError for a bad run day or policy
 */
export function decideRetrain(input: {
  firing: readonly { ruleId: string; subject: string }[];
  /** UTC ms of earlier requests. */
  pastRequests: readonly number[];
  /** UTC ms of this decision. */
  now: number;
  /** Europe/Madrid day of this monitor run. */
  runDay: LocalDay;
  policy: RetrainPolicy;
}): RetrainDecision {
  const { policy, now } = input;
  if (!isCalendarDay(input.runDay)) {
    throw new InvalidInputError(`Retrain run day "${input.runDay}" is not a YYYY-MM-DD day`);
  }
  checkPolicy(policy);
  const runId = retrainRunId(input.runDay);
  const triggers = input.firing.filter((f) => policy.onRules.includes(f.ruleId));
  if (triggers.length === 0) {
    const rules = policy.onRules.length > 0 ? policy.onRules.join(', ') : 'none configured';
    return { requested: false, reason: `no retrain rule fires (${rules})`, runId: null };
  }
  const because = triggers.map((f) => `${f.ruleId} (${f.subject})`).join(', ');
  const sameDay = input.pastRequests.some((t) => localDayOf(t, MARKET_ZONE) === input.runDay);
  if (sameDay) {
    return { requested: true, reason: `already requested today, for ${because}`, runId };
  }
  const earlier = input.pastRequests.filter((t) => t <= now).sort((a, b) => a - b);
  const last = earlier.at(-1);
  if (last !== undefined && now - last < policy.cooldownMs) {
    return {
      requested: false,
      reason: `${because} fire, but the last retraining was requested at ${iso(last)}, within the ${days(policy.cooldownMs)} cooldown (until ${iso(last + policy.cooldownMs)})`,
      runId: null,
    };
  }
  const inWindow = earlier.filter((t) => now - t < policy.capWindowMs).length;
  if (inWindow >= policy.maxRequests) {
    return {
      requested: false,
      reason: `${because} fire, but ${inWindow} retrainings were requested in the last ${days(policy.capWindowMs)}, the cap`,
      runId: null,
    };
  }
  return { requested: true, reason: `${because} fire`, runId };
}
