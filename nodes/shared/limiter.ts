import { nowMs, sleepMs } from './wait';

/**
 * How many API requests are in flight to one provider account, shared by every execution of this
 * n8n process that uses it (several workflows, one execution per product, a queue-mode worker's
 * jobs). Without it each execution learns the provider's limit alone and together they keep far
 * more in flight than the provider accepts.
 *
 * The rule, per account:
 * - Start at 5 and add one place per success (slow start) until the provider first refuses a
 *   request for load (429, 503): a new account finds its limit with a few refusals instead of a
 *   first wave of Concurrency requests.
 * - Each refusal lowers the limit to one below what was in flight. A refusal costs only what the
 *   provider asks for: the refused request waits its Retry-After and comes back first in its
 *   execution's line; the requests still in flight and the places left under the lowered limit go
 *   on (the account is not paused).
 * - Below one request in flight: when one place already oversubscribes the provider (more
 *   processes share the account than it accepts in flight — queue-mode workers), the limit goes on
 *   halving below 1 (down to MIN_LIMIT) and means a share of one place: one request at a time,
 *   spaced so that on average `limit` are in flight (when successful requests take d ms, the next
 *   one waits d × (1/limit − 1) after the last, and never less than the Retry-After of a refusal).
 * - Growth is by time, and the same rule for every process sharing the account (queue-mode
 *   workers cannot share anything, so fairness between them has to come from the rule itself):
 *   while the limit is what holds requests back, it rises by min(1, limit)^SHARE_POWER ÷ GROWTH
 *   per request time (the measured time of a successful request): at one place or more, one place
 *   per GROWTH request times; below one place, slower the smaller the share (a small share means
 *   many processes, whose growth adds up). Each refusal the account remembers slows this growth
 *   (divided by 1 + REFUSAL_SLOWDOWN × the refusals, each fading over REFUSAL_MEMORY_MS): alone
 *   against a steady limit the account probes above it about once a minute, and a process that
 *   is refused more (a bigger share) grows more slowly than one refused less. Time the account
 *   sat idle does not count as growth time. At one place or more the limit may be fractional:
 *   floor(limit) requests in flight.
 * - The limit is averaged over busy time (AVERAGE_MS); back after an idle time (RESUME_TURNS of
 *   its request turns), the account starts from that average rather than from wherever the last
 *   cut or growth left it.
 * - An outage breaker: when no request on the account has succeeded for OUTAGE_MS since the first
 *   refusal, the account sends one request at a time (a probe), and only requests not refused
 *   before may probe; a refused probe fails every request waiting in line with `AccountOutage`,
 *   and so do a request refused before when it comes back and a new one asking before the
 *   probe's Retry-After is over. The first success closes the breaker
 *   and the account starts over from slow start (from one place), so it recovers by itself when
 *   the provider does.
 * - What was learned outlives the execution: the next one starts from it. An account's entry is
 *   dropped when its last execution leaves; what it learned stays in a bounded map (the
 *   MAX_LEARNED accounts used last).
 *
 * Several processes (queue-mode workers) each run this rule on their own share; lowering on every
 * refusal, sharing below one place and rising by the same rule lets them settle near the provider's limit
 * together (test/bench/workers-sim.ts measures it).
 *
 * Each execution keeps at most its own Concurrency in flight, and places go round the executions
 * that wait, so a big batch does not starve a small one started after it.
 */
/** A new account starts where the default Concurrency does. */
const INITIAL_LIMIT = 5;
/** At one place or more, with no refusal remembered, the limit grows by one per GROWTH request times. */
const GROWTH = 3;
/** The smallest share of one place an account keeps (one request every 64 requests' time). */
const MIN_LIMIT = 1 / 64;
/** Below one place: a refusal halves the share; it grows by share^SHARE_POWER per GROWTH request times. */
const SHARE_DECREASE = 0.5;
const SHARE_POWER = 1.25;
/** Each refusal remembered slows growth by this much more; the memory fades over REFUSAL_MEMORY_MS. */
const REFUSAL_SLOWDOWN = 96;
const REFUSAL_MEMORY_MS = 60_000;
/** The limit averaged over this much busy time is where the account starts again after idle. */
const AVERAGE_MS = 60_000;
/** Idle for this many of its request turns, the account starts again from that average. */
const RESUME_TURNS = 10;
/** The outage breaker opens after this long without a success since the first refusal. */
export const OUTAGE_MS = 10 * 60_000;
/** Accounts whose learned limit is kept once their executions have left. */
export const MAX_LEARNED = 1000;

/**
 * A request refused for load may come back this many times, for this long from its first refusal
 * (its time in line included), waiting at least REFUSAL_FLOOR_MS each time.
 */
export const MAX_REFUSALS = 600;
export const REFUSAL_BUDGET_MS = 10 * 60_000;
/** The shortest wait after a refusal, whatever Retry-After says (0, or a date in the past). */
export const REFUSAL_FLOOR_MS = 500;
/** Without Retry-After, refusals wait a backoff from the floor up to this (half of it jittered). */
const REFUSAL_BACKOFF_MAX_MS = 5_000;

export type Outcome = 'ok' | 'refused' | 'other';

/** A place in the limit: released exactly once (later calls do nothing). */
export interface Place {
	/** `pauseMs`: how long the provider asked a request refused for load to wait. */
	release(outcome: Outcome, pauseMs?: number): void;
}

/** Requests waiting for an account that has refused everything for OUTAGE_MS fail with this. */
export class AccountOutage extends Error {
	constructor(
		/** How long the account has had no success, in ms. */
		readonly forMs: number,
		/** Refusals since its last success. */
		readonly refusals: number,
	) {
		super('The provider account has refused every request for load for too long');
	}
}

/** One request's allowance of refusals for load: MAX_REFUSALS, REFUSAL_BUDGET_MS from the first. */
export class RefusalBudget {
	refusals = 0;
	private firstAt: number | undefined;

	/**
	 * After a refusal: how long the request waits before it asks for a place again, and whether the
	 * budget is used up (then it does not come back).
	 */
	refused(retryAfterMs: number | undefined): { pauseMs: number; exhausted: boolean } {
		const now = nowMs();
		this.firstAt ??= now;
		const backoff =
			retryAfterMs ??
			(() => {
				const step = Math.min(REFUSAL_BACKOFF_MAX_MS, REFUSAL_FLOOR_MS * 2 ** this.refusals);
				return step / 2 + (Math.random() * step) / 2;
			})();
		const pauseMs = Math.round(Math.max(REFUSAL_FLOOR_MS, backoff));
		this.refusals++;
		const exhausted =
			this.refusals >= MAX_REFUSALS || now + pauseMs - this.firstAt > REFUSAL_BUDGET_MS;
		return { pauseMs, exhausted };
	}

	/** Time since the first refusal, in ms. */
	get elapsedMs() {
		return this.firstAt === undefined ? 0 : nowMs() - this.firstAt;
	}
}

interface Waiter {
	grant(place: Place | undefined): void;
	fail(error: AccountOutage): void;
}

/** One execution's share of an account. */
class Member {
	inFlight = 0;
	readonly waiting: Waiter[] = [];
	readonly places = new Set<Place>();

	constructor(readonly max: number) {}
}

/** What an account learned, kept after its last execution left. */
interface Learned {
	limit: number;
	learned: boolean;
	requestMs: number | undefined;
	/** Refusals remembered (each fading over REFUSAL_MEMORY_MS) as of `scoredAt`. */
	refusalScore: number;
	scoredAt: number;
}

export class AccountLimit {
	private limit = INITIAL_LIMIT;
	/** Whether the provider ever refused a request for load (slow start ends then). */
	private learned = false;
	private inFlight = 0;
	/** When a request last ended while the account was learning (growth is by time). */
	private grownAt: number | undefined;
	/** Recent refusals, each fading with REFUSAL_MEMORY_MS: `score` as of `scoredAt`. */
	private refusalScore = 0;
	private scoredAt = 0;
	/** The limit averaged over the time the account was busy (AVERAGE_MS), and when last updated. */
	private average: number | undefined;
	private averagedAt = 0;
	/** When a request last ended. */
	private lastReleaseAt = 0;
	/** How long a successful request takes (moving average, ms), for spacing below one place. */
	private requestMs: number | undefined;
	/** Below one place: no request starts before this time. */
	private nextStartAt = 0;
	private wakeAt: number | undefined;
	private wakeGeneration = 0;
	/** The first refusal since the last success, and refusals since. */
	private outageSince: number | undefined;
	private outageRefusals = 0;
	private readonly members: Member[] = [];
	private cursor = 0;

	constructor(
		readonly adaptive: boolean,
		learned?: Learned,
	) {
		if (learned) {
			this.limit = learned.limit;
			this.learned = learned.learned;
			this.requestMs = learned.requestMs;
			this.refusalScore = learned.refusalScore;
			this.scoredAt = learned.scoredAt;
		}
	}

	/** The most requests in flight the account allows now (below 1: a share of one place). */
	get current() {
		return this.adaptive ? this.limit : Infinity;
	}

	get requestsInFlight() {
		return this.inFlight;
	}

	/** Whether no execution uses the account any more. */
	get idle() {
		return this.members.length === 0 && this.inFlight === 0;
	}

	/** What the next execution on this account should start from. */
	snapshot(): Learned {
		const { limit, learned, requestMs, refusalScore, scoredAt } = this;
		// Left in an outage: what it learned then says nothing of the provider's limit; the next
		// execution finds it again from one place.
		if (this.outage()) return { limit: 1, learned: false, requestMs, refusalScore: 0, scoredAt };
		return { limit, learned, requestMs, refusalScore, scoredAt };
	}

	join(max: number): Member {
		const member = new Member(Math.max(1, max));
		this.members.push(member);
		return member;
	}

	/** The execution is over: its waiters leave and anything it still held is given back. */
	leave(member: Member) {
		for (const waiter of member.waiting.splice(0)) waiter.grant(undefined);
		for (const place of [...member.places]) place.release('other');
		const index = this.members.indexOf(member);
		if (index >= 0) {
			this.members.splice(index, 1);
			if (this.cursor > index) this.cursor--;
		}
		this.grant();
	}

	/**
	 * Waits for a place for one of `member`'s requests. Resolves undefined, at once, when `signal`
	 * aborts (the waiter leaves the queue) or the member has left; resolves an `AccountOutage` when
	 * the outage breaker fails the requests waiting for the account. `first`: the request comes back
	 * after a refusal and goes before its execution's other waiting requests.
	 */
	async acquire(
		member: Member,
		signal?: AbortSignal,
		first = false,
	): Promise<Place | AccountOutage | undefined> {
		if (signal?.aborted || !this.members.includes(member)) return undefined;
		// During an outage, a request refused before does not come back, and nor does a new one
		// while the provider's last answer asks to wait: new requests probe after that.
		if (this.adaptive && this.outage() && (first || nowMs() < this.nextStartAt))
			return this.outageError();
		if (this.adaptive) this.resume(nowMs());
		return await new Promise<Place | AccountOutage | undefined>((resolve) => {
			const onAbort = () => {
				const index = member.waiting.indexOf(waiter);
				if (index >= 0) member.waiting.splice(index, 1);
				resolve(undefined);
			};
			const waiter: Waiter = {
				grant(place) {
					signal?.removeEventListener('abort', onAbort);
					resolve(place);
				},
				fail(error) {
					signal?.removeEventListener('abort', onAbort);
					resolve(error);
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			if (first) member.waiting.unshift(waiter);
			else member.waiting.push(waiter);
			this.grant();
		});
	}

	private outage() {
		return this.outageSince !== undefined && nowMs() - this.outageSince >= OUTAGE_MS;
	}

	private hasRoom() {
		if (!this.adaptive) return true;
		if (this.inFlight >= Math.max(1, Math.floor(this.limit))) return false;
		// The breaker is open: one probe at a time.
		if (this.inFlight > 0 && this.outage()) return false;
		if (this.limit < 1 || this.outage()) {
			const now = nowMs();
			if (now < this.nextStartAt) {
				this.wakeUpAt(this.nextStartAt, now);
				return false;
			}
		}
		return true;
	}

	/** Grants again at `at` (spacing below one place); one wake-up at a time, the earliest. */
	private wakeUpAt(at: number, now: number) {
		if (this.wakeAt !== undefined && this.wakeAt <= at) return;
		const generation = ++this.wakeGeneration;
		this.wakeAt = at;
		void (async () => {
			await sleepMs(at - now);
			if (generation !== this.wakeGeneration) return;
			this.wakeAt = undefined;
			this.grant();
		})();
	}

	/** The next member, after the last one served, with a waiter and room under its Concurrency. */
	private nextMember(): Member | undefined {
		const count = this.members.length;
		for (let step = 0; step < count; step++) {
			const index = (this.cursor + step) % count;
			const member = this.members[index];
			if (member.waiting.length && member.inFlight < member.max) {
				this.cursor = (index + 1) % count;
				return member;
			}
		}
		return undefined;
	}

	private grant() {
		const waiting = () => this.members.some((m) => m.waiting.length > 0 && m.inFlight < m.max);
		while (waiting() && this.hasRoom()) {
			const member = this.nextMember();
			if (!member) return;
			const waiter = member.waiting.shift()!;
			member.inFlight++;
			this.inFlight++;
			const place = this.place(member);
			member.places.add(place);
			waiter.grant(place);
		}
	}

	private outageError() {
		return new AccountOutage(nowMs() - this.outageSince!, this.outageRefusals);
	}

	/** The breaker's probe was refused: every request waiting in line fails. */
	private failWaiting() {
		const error = this.outageError();
		for (const member of this.members)
			for (const waiter of member.waiting.splice(0)) waiter.fail(error);
	}

	private place(member: Member): Place {
		let released = false;
		const grantedAt = this.adaptive ? nowMs() : 0;
		const place: Place = {
			release: (outcome, pauseMs) => {
				if (released) return;
				released = true;
				member.places.delete(place);
				const inFlightBefore = this.inFlight;
				// Whether the limit, not the demand, decided how many were in flight.
				const saturated =
					inFlightBefore >= this.limit ||
					this.members.some((m) => m.waiting.length > 0 && m.inFlight < m.max);
				member.inFlight--;
				this.inFlight--;
				if (this.adaptive) {
					const now = nowMs();
					if (outcome === 'ok') {
						const took = now - grantedAt;
						this.requestMs =
							this.requestMs === undefined ? took : 0.8 * this.requestMs + 0.2 * took;
					}
					this.observe(outcome, now);
					this.learn(outcome, inFlightBefore, saturated);
					if (this.limit < 1 && outcome !== 'other') {
						// A share of one place: the next request waits its turn, and never less than the
						// provider asked the refused one to.
						// Before a success measured how long a request takes, only Retry-After spaces them.
						const gap = (this.requestMs ?? 0) * (1 / this.limit - 1);
						const asked = outcome === 'refused' ? (pauseMs ?? 0) : 0;
						this.nextStartAt = now + Math.max(gap, asked);
					}
					if (outcome === 'refused' && this.outage()) {
						this.nextStartAt = Math.max(this.nextStartAt, now + (pauseMs ?? 0));
						this.failWaiting();
					}
				}
				this.grant();
			},
		};
		return place;
	}

	/** Tracks the outage breaker: the first refusal since the last success, and recovery. */
	private observe(outcome: Outcome, now: number) {
		if (outcome === 'refused') {
			this.outageSince ??= now;
			this.outageRefusals++;
		} else if (outcome === 'ok' && this.outageSince !== undefined) {
			const wasOutage = this.outage();
			this.outageSince = undefined;
			this.outageRefusals = 0;
			// Back from an outage: find the limit again from one place, quickly (slow start).
			if (wasOutage) {
				this.limit = Math.max(1, Math.floor(this.limit));
				this.learned = false;
				this.refusalScore = 0;
				this.average = undefined;
				this.nextStartAt = 0;
			}
		}
	}

	/**
	 * Back after an idle time: start from the limit averaged over the last busy time, not from
	 * where the last cut or growth happened to leave it.
	 */
	private resume(now: number) {
		if (!this.learned || this.inFlight > 0 || this.average === undefined || !this.requestMs) return;
		if (now - this.lastReleaseAt < (RESUME_TURNS * this.requestMs) / Math.min(1, this.limit))
			return;
		this.limit = this.average;
		this.average = undefined;
	}

	/** Averages the limit over busy time (called before each change). */
	private track(now: number) {
		if (!this.requestMs) return;
		const elapsed = Math.min(now - this.averagedAt, (2 * this.requestMs) / Math.min(1, this.limit));
		this.averagedAt = now;
		if (this.average === undefined) {
			this.average = this.limit;
			return;
		}
		this.average += (this.limit - this.average) * (1 - Math.exp(-elapsed / AVERAGE_MS));
	}

	private recentRefusals(now: number) {
		return this.refusalScore * Math.exp(-(now - this.scoredAt) / REFUSAL_MEMORY_MS);
	}

	private learn(outcome: Outcome, inFlightBefore: number, saturated: boolean) {
		const now = nowMs();
		this.lastReleaseAt = now;
		if (this.learned && outcome !== 'other') this.track(now);
		if (outcome === 'refused') {
			const below = Math.min(this.limit, inFlightBefore) - 1;
			this.limit =
				below >= 1
					? Math.floor(below)
					: Math.max(MIN_LIMIT, Math.min(1, this.limit) * SHARE_DECREASE);
			this.refusalScore = this.recentRefusals(now) + 1;
			this.scoredAt = now;
			this.grownAt = now;
			this.learned = true;
			return;
		}
		if (outcome !== 'ok') return;
		const since = this.grownAt;
		this.grownAt = now;
		if (!saturated) return;
		const demand = this.members.reduce((sum, member) => sum + member.max, 0);
		if (!this.learned) {
			this.limit = this.limit < 1 ? 1 : Math.max(this.limit, Math.min(demand, this.limit + 1));
			return;
		}
		if (since === undefined || !this.requestMs || this.limit >= demand) return;
		// A refusal remembered slows growth; a small share grows more slowly than a big one.
		const slowdown = 1 + REFUSAL_SLOWDOWN * this.recentRefusals(now);
		const rate = Math.min(1, this.limit) ** SHARE_POWER / GROWTH;
		// Time the account sat idle does not count: at most two requests' turns.
		const elapsed = Math.min(now - since, (2 * this.requestMs) / Math.min(1, this.limit));
		this.limit = Math.min(demand, this.limit + (rate * elapsed) / (this.requestMs * slowdown));
	}
}

/** Accounts in use by an execution of this process, by `accountKey`. */
const accounts = new Map<string, AccountLimit>();
/** What accounts no execution uses any more learned: the MAX_LEARNED used last, oldest first. */
const learnedLimits = new Map<string, Learned>();

/** Forgets what every account learned (tests start each case from a new account). */
export function forgetAccounts() {
	accounts.clear();
	learnedLimits.clear();
}

/** How many accounts are in use, and the keys of the learned limits kept (tests, diagnostics). */
export function accountEntries() {
	return {
		inUse: accounts.size,
		learned: learnedLimits.size,
		learnedKeys: [...learnedLimits.keys()],
	};
}

function remember(accountKey: string, learned: Learned) {
	learnedLimits.delete(accountKey);
	learnedLimits.set(accountKey, learned);
	while (learnedLimits.size > MAX_LEARNED) learnedLimits.delete(learnedLimits.keys().next().value!);
}

/**
 * One node execution's way into its accounts' limits: at most `max` (its Concurrency) requests in
 * flight per account. Adaptive, it shares the process-wide account; fixed, it keeps its own.
 */
export class ExecutionLimit {
	private readonly shares = new Map<string, { account: AccountLimit; member: Member }>();
	private closed = false;

	constructor(
		readonly max: number,
		readonly adaptive: boolean,
	) {}

	/**
	 * A place for one request to `accountKey`; undefined when `signal` aborts or the execution
	 * ended; an `AccountOutage` when the breaker fails it (see AccountLimit.acquire). `first`: a
	 * request back after a refusal.
	 */
	async acquire(
		accountKey: string,
		signal?: AbortSignal,
		first = false,
	): Promise<Place | AccountOutage | undefined> {
		if (this.closed) return undefined;
		let share = this.shares.get(accountKey);
		if (!share) {
			let account = this.adaptive ? accounts.get(accountKey) : undefined;
			if (!account) {
				account = new AccountLimit(
					this.adaptive,
					this.adaptive ? learnedLimits.get(accountKey) : undefined,
				);
				if (this.adaptive) {
					accounts.set(accountKey, account);
					learnedLimits.delete(accountKey);
				}
			}
			share = { account, member: account.join(this.max) };
			this.shares.set(accountKey, share);
		}
		return await share.account.acquire(share.member, signal, first);
	}

	/** Leaves every account: waiters wake with no place, places still held are given back. */
	close() {
		this.closed = true;
		for (const [key, { account, member }] of this.shares) {
			account.leave(member);
			// The last execution on the account left: keep only what it learned.
			if (this.adaptive && account.idle && accounts.get(key) === account) {
				accounts.delete(key);
				remember(key, account.snapshot());
			}
		}
		this.shares.clear();
	}
}
