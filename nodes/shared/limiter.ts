import { sleepMs } from './wait';

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
 * - Each refusal lowers the limit to one below what was in flight, and pauses the account's new
 *   requests for the provider's Retry-After (with a little jitter), so requests stop finding out
 *   one by one.
 * - After GROWTH × limit successes in a row while the limit is what holds requests back, it rises
 *   by one to probe for capacity. A probe the provider refuses makes the next probe PROBE_BACKOFF
 *   times rarer (up to MAX_PROBE_BACKOFFS times): against a steady limit, probing costs a handful of
 *   refusals per thousand requests; when capacity comes back the limit still climbs. The refusal
 *   that ends slow start counts as a refused probe (it just found the ceiling).
 * - What was learned outlives the execution: the next one starts from it.
 *
 * Several processes (queue-mode workers) each run this rule on their own share; lowering on every
 * refusal and rising rarely lets them settle near the provider's limit together.
 *
 * Each execution keeps at most its own Concurrency in flight, and places go round the executions
 * that wait, so a big batch does not starve a small one started after it.
 */
/** A new account starts where the default Concurrency does. */
const INITIAL_LIMIT = 5;
const GROWTH = 3;
const PROBE_BACKOFF = 4;
const MAX_PROBE_BACKOFFS = 3;
/** The pause after a refusal lasts the provider's time plus up to this share of it. */
const PAUSE_JITTER = 0.2;

export type Outcome = 'ok' | 'refused' | 'other';

/** A place in the limit: released exactly once (later calls do nothing). */
export interface Place {
	/** `pauseMs`: a refusal for load asks the account to hold new requests this long. */
	release(outcome: Outcome, pauseMs?: number): void;
}

interface Waiter {
	grant(place: Place | undefined): void;
}

/** One execution's share of an account. */
class Member {
	inFlight = 0;
	readonly waiting: Waiter[] = [];
	readonly places = new Set<Place>();

	constructor(readonly max: number) {}
}

export class AccountLimit {
	private limit = INITIAL_LIMIT;
	/** Whether the provider ever refused a request for load (slow start ends then). */
	private learned = false;
	private inFlight = 0;
	private successes = 0;
	private failedProbes = 0;
	private grownSinceRefusal = false;
	private paused = false;
	private pauseMs = 0;
	private pauseGeneration = 0;
	private readonly members: Member[] = [];
	private cursor = 0;

	constructor(readonly adaptive: boolean) {}

	/** The most requests in flight the account allows now (for tests and diagnostics). */
	get current() {
		return this.adaptive ? this.limit : Infinity;
	}

	get requestsInFlight() {
		return this.inFlight;
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
	 * aborts (the waiter leaves the queue) or the member has left.
	 */
	async acquire(member: Member, signal?: AbortSignal): Promise<Place | undefined> {
		if (signal?.aborted || !this.members.includes(member)) return undefined;
		return await new Promise<Place | undefined>((resolve) => {
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
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			member.waiting.push(waiter);
			this.grant();
		});
	}

	private hasRoom() {
		return !this.paused && this.inFlight < this.current;
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
		while (this.hasRoom()) {
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

	private place(member: Member): Place {
		let released = false;
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
					this.learn(outcome, inFlightBefore, saturated);
					if (outcome === 'refused' && pauseMs !== undefined) this.pause(pauseMs);
				}
				this.grant();
			},
		};
		return place;
	}

	private learn(outcome: Outcome, inFlightBefore: number, saturated: boolean) {
		if (outcome === 'refused') {
			this.limit = Math.max(1, Math.min(this.limit, inFlightBefore) - 1);
			this.successes = 0;
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
			this.limit = Math.max(this.limit, Math.min(demand, this.limit + 1));
			return;
		}
		if (++this.successes < GROWTH * this.limit * PROBE_BACKOFF ** this.failedProbes) return;
		this.successes = 0;
		if (this.limit >= demand) return;
		// The level reached by the last probe held for a whole interval: capacity is there.
		if (this.grownSinceRefusal) this.failedProbes = 0;
		this.grownSinceRefusal = true;
		this.limit++;
	}

	private pause(ms: number) {
		if (this.paused && ms <= this.pauseMs) return;
		const generation = ++this.pauseGeneration;
		this.paused = true;
		this.pauseMs = ms;
		// The provider's time, then a little more, different in each process that shares the account.
		void (async () => {
			await sleepMs(ms);
			await sleepMs(Math.round(ms * Math.random() * PAUSE_JITTER));
			if (generation !== this.pauseGeneration) return;
			this.paused = false;
			this.grant();
		})();
	}
}

/** Every account this process has used, by `accountKey`: what one execution learns, the next uses. */
const accounts = new Map<string, AccountLimit>();

/** Forgets what every account learned (tests start each case from a new account). */
export function forgetAccounts() {
	accounts.clear();
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

	/** A place for one request to `accountKey`; undefined when `signal` aborts or the execution ended. */
	async acquire(accountKey: string, signal?: AbortSignal): Promise<Place | undefined> {
		if (this.closed) return undefined;
		let share = this.shares.get(accountKey);
		if (!share) {
			let account = this.adaptive ? accounts.get(accountKey) : undefined;
			if (!account) {
				account = new AccountLimit(this.adaptive);
				if (this.adaptive) accounts.set(accountKey, account);
			}
			share = { account, member: account.join(this.max) };
			this.shares.set(accountKey, share);
		}
		return await share.account.acquire(share.member, signal);
	}

	/** Leaves every account: waiters wake with no place, places still held are given back. */
	close() {
		this.closed = true;
		for (const { account, member } of this.shares.values()) account.leave(member);
		this.shares.clear();
	}
}
