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
 * - After GROWTH × limit successes in a row while the limit is what holds requests back, it rises
 *   by one (below 1: by a quarter) to probe for capacity. A probe the provider refuses makes the
 *   next probe PROBE_BACKOFF times rarer (up to MAX_PROBE_BACKOFFS times): against a steady limit,
 *   probing costs a handful of refusals per thousand requests; when capacity comes back the limit
 *   still climbs. The refusal that ends slow start counts as a refused probe (it just found the
 *   ceiling).
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
 * refusal, sharing below one place and rising rarely lets them settle near the provider's limit
 * together (test/bench/workers-sim.ts measures it).
 *
 * Each execution keeps at most its own Concurrency in flight, and places go round the executions
 * that wait, so a big batch does not starve a small one started after it.
 */
/** A new account starts where the default Concurrency does. */
const INITIAL_LIMIT = 5;
const GROWTH = 3;
const PROBE_BACKOFF = 4;
const MAX_PROBE_BACKOFFS = 3;
/** The smallest share of one place an account keeps (one request every 64 requests' time). */
const MIN_LIMIT = 1 / 64;
/** Below one place: a refusal halves the share, a probe adds SHARE_STEP. */
const SHARE_DECREASE = 0.5;
const SHARE_STEP = 1 / 16;
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
	failedProbes: number;
	requestMs: number | undefined;
}

export class AccountLimit {
	private limit = INITIAL_LIMIT;
	/** Whether the provider ever refused a request for load (slow start ends then). */
	private learned = false;
	private inFlight = 0;
	private successes = 0;
	private failedProbes = 0;
	private grownSinceRefusal = false;
	/** Below one place: when the share last grew or was cut. */
	private shareSince: number | undefined;
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
			this.failedProbes = learned.failedProbes;
			this.requestMs = learned.requestMs;
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
		const { limit, learned, failedProbes, requestMs } = this;
		// Left in an outage: what it learned then says nothing of the provider's limit; the next
		// execution finds it again from one place.
		if (this.outage()) return { limit: 1, learned: false, failedProbes: 0, requestMs };
		return { limit, learned, failedProbes, requestMs };
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
				this.failedProbes = 0;
				this.nextStartAt = 0;
			}
		}
	}

	private learn(outcome: Outcome, inFlightBefore: number, saturated: boolean) {
		if (outcome === 'refused') {
			const below = Math.min(this.limit, inFlightBefore) - 1;
			this.limit =
				below >= 1
					? Math.floor(below)
					: Math.max(MIN_LIMIT, Math.min(1, this.limit) * SHARE_DECREASE);
			this.successes = 0;
			this.shareSince = undefined;
			// Slow start just ran into the ceiling: that counts as a refused probe.
			if (this.grownSinceRefusal || !this.learned)
				this.failedProbes = Math.min(MAX_PROBE_BACKOFFS, this.failedProbes + 1);
			this.learned = true;
			this.grownSinceRefusal = false;
			return;
		}
		if (outcome !== 'ok' || !saturated) return;
		const demand = this.members.reduce((sum, member) => sum + member.max, 0);
		if (!this.learned) {
			this.limit = this.limit < 1 ? 1 : Math.max(this.limit, Math.min(demand, this.limit + 1));
			return;
		}
		if (this.limit < 1) {
			// A share of one place grows by time, not by successes (a small share succeeds rarely):
			// every process below one place gains the same SHARE_STEP per interval, whatever its share,
			// and loses half of it on a refusal, so shares even out between processes.
			const now = nowMs();
			this.shareSince ??= now;
			const interval = GROWTH * PROBE_BACKOFF ** this.failedProbes * (this.requestMs ?? 0);
			if (now - this.shareSince < interval) return;
			this.shareSince = now;
			if (this.grownSinceRefusal) this.failedProbes = 0;
			this.grownSinceRefusal = true;
			this.limit = Math.min(1, this.limit + SHARE_STEP);
			return;
		}
		const interval = GROWTH * this.limit * PROBE_BACKOFF ** this.failedProbes;
		if (++this.successes < interval) return;
		this.successes = 0;
		if (this.limit >= demand) return;
		// The level reached by the last probe held for a whole interval: capacity is there.
		if (this.grownSinceRefusal) this.failedProbes = 0;
		this.grownSinceRefusal = true;
		this.limit++;
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
