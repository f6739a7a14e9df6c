/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the event clock yields with setImmediate */
/**
 * The account limit at worker scale (issue 30): N processes (queue-mode workers), each with its own
 * AccountLimit — the real code of nodes/shared/limiter.ts, and each request through the same
 * refusal loop as nodes/shared/http.ts (RefusalBudget, Retry-After waits, back first in line) —
 * against one provider account with a hard in-flight limit that answers 429 + Retry-After above
 * it. Time is virtual: a discrete-event clock drives every wait (nodes/shared/wait.ts's seam), so an
 * hour of traffic takes seconds and every run with the same seed gives the same figures.
 *
 * Run by `npm run bench:workers` (test/bench/workers.mjs), and a few rows by
 * test/shared/workers-sim.test.ts.
 */
import { AccountLimit, AccountOutage, RefusalBudget } from '../../nodes/shared/limiter';
import { setWaitClock, sleepMs } from '../../nodes/shared/wait';

export interface Scenario {
	/** Processes sharing the account, each with its own limit. */
	processes: number;
	/** What the provider accepts in flight (more are refused with 429 + Retry-After). */
	limit: number;
	/** `long`: every process always has work, from a cold start; `burst`: see `burstItems`. */
	mode: 'long' | 'burst';
	/** Long run: how long (virtual ms). Default 15 minutes. */
	durationMs?: number;
	/**
	 * Burst: the processes warm up on steady work (3 minutes), sit idle for a minute, then get
	 * this many items in all at once (split evenly). Default 40 × limit.
	 */
	burstItems?: number;
	/** Burst: how long the processes warm up (default 3 minutes; 0: the burst meets a new account) and sit idle after it (default 1 minute). */
	warmUpMs?: number;
	idleMs?: number;
	/** Provider time per accepted request: uniform in [0.5, 1.5] × this. Default 300 ms. */
	latencyMs?: number;
	/** Retry-After of a refusal. Default 1000 ms. */
	retryAfterMs?: number;
	/** Network time each way between a process and the provider: uniform in [0.5, 1.5] × this. Default 20 ms. */
	networkMs?: number;
	/** Most requests one process keeps in flight (a worker's jobs × Concurrency). Default: limit. */
	perProcess?: number;
	seed?: number;
}

export interface Result {
	scenario: Required<Omit<Scenario, 'burstItems' | 'durationMs' | 'warmUpMs' | 'idleMs'>> & {
		burstItems?: number;
		warmUpMs?: number;
		idleMs?: number;
		durationMs?: number;
	};
	/** Requests sent, refused, items done and lost (failed) in the measured part. */
	sent: number;
	refused: number;
	done: number;
	lost: number;
	/** refused ÷ sent. */
	refusedShare: number;
	/** Mean requests in flight at the provider ÷ its limit, over the measured part. */
	throughput: number;
	/**
	 * Erlang B: the most independent senders reach at this refusal rate, read at no less than
	 * 3 ÷ sent (and at 10 %). A run of n requests with none refused cannot tell a rate below 3/n
	 * (the 95 % upper limit) from 0, and at 0 the bound is 0: without the floor a row that refuses
	 * nothing would meet the throughput goal however slow it is.
	 */
	bound: number;
	boundAt10: number;
	/** Long run: when (s) every 10 s window from then on has ≤ 10 % refused and ≥ 80 % of the median throughput. */
	convergeS?: number;
	/** Burst: how long (s) the burst took, and the least it could take (items × latency ÷ limit). */
	burstS?: number;
	burstIdealS?: number;
	/** Items done per process: (max − min) ÷ mean. */
	spread: number;
	/** Burst: each process's limit (AccountLimit.current) when the burst starts (diagnostics). */
	limitsAtBurst?: number[];
	maxInFlight: number;
}

/** Erlang B blocking probability of `servers` at offered load `a`. */
export function erlangB(a: number, servers: number) {
	let b = 1;
	for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
	return b;
}

/** The share of `servers` independent (Poisson) senders can keep busy with `blocked` of them refused. */
export function erlangBound(blocked: number, servers: number) {
	if (blocked <= 0) return 0;
	let low = 0;
	let high = servers * 100;
	for (let i = 0; i < 100; i++) {
		const mid = (low + high) / 2;
		if (erlangB(mid, servers) < blocked) low = mid;
		else high = mid;
	}
	return Math.min(1, (low * (1 - blocked)) / servers);
}

/** Deterministic random numbers (mulberry32). */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A discrete-event clock: waits end in time order; time jumps to the next one when all is idle. */
class EventClock {
	now = 0;
	private readonly heap: Array<{ at: number; seq: number; resume: () => void }> = [];
	private seq = 0;

	readonly sleep = async (ms: number) =>
		await new Promise<void>((resume) => this.push(this.now + Math.max(0, ms), resume));

	private push(at: number, resume: () => void) {
		const heap = this.heap;
		heap.push({ at, seq: this.seq++, resume });
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.less(heap[i], heap[parent])) break;
			[heap[i], heap[parent]] = [heap[parent], heap[i]];
			i = parent;
		}
	}

	private less(a: { at: number; seq: number }, b: { at: number; seq: number }) {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private pop() {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop()!;
		if (heap.length) {
			heap[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < heap.length && this.less(heap[l], heap[m])) m = l;
				if (r < heap.length && this.less(heap[r], heap[m])) m = r;
				if (m === i) break;
				[heap[i], heap[m]] = [heap[m], heap[i]];
				i = m;
			}
		}
		return top;
	}

	/** Runs until `until` (virtual ms) or until `done()` holds with nothing left to run. */
	async run(until: number, done: () => boolean = () => false) {
		for (;;) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (done()) return;
			if (!this.heap.length || this.heap[0].at > until) {
				// Nothing left to run before `until`: the time still passes (an idle minute is a minute).
				if (until !== Infinity) this.now = Math.max(this.now, until);
				return;
			}
			const at = this.heap[0].at;
			this.now = at;
			while (this.heap.length && this.heap[0].at === at) this.pop().resume();
		}
	}
}

const WINDOW_MS = 10_000;

export async function simulate(input: Scenario): Promise<Result> {
	const scenario = {
		durationMs: input.mode === 'long' ? (input.durationMs ?? 15 * 60_000) : undefined,
		burstItems: input.mode === 'burst' ? (input.burstItems ?? 40 * input.limit) : undefined,
		warmUpMs: input.mode === 'burst' ? (input.warmUpMs ?? 3 * 60_000) : undefined,
		idleMs: input.mode === 'burst' ? (input.idleMs ?? 60_000) : undefined,
		latencyMs: 300,
		retryAfterMs: 1000,
		networkMs: 20,
		perProcess: input.limit,
		seed: 1,
		...input,
	};
	const clock = new EventClock();
	const rng = random(scenario.seed * 7919 + scenario.processes * 31 + scenario.limit);
	setWaitClock(clock.sleep, () => clock.now);
	try {
		// The provider: a hard in-flight limit, refusals answered at once.
		const provider = { inFlight: 0, maxInFlight: 0, busyMs: 0 };
		const counts = { sent: 0, refused: 0, done: 0, lost: 0 };
		const windows: Array<{ sent: number; refused: number; busyMs: number }> = [];
		const windowAt = (t: number) =>
			(windows[Math.floor(t / WINDOW_MS)] ??= { sent: 0, refused: 0, busyMs: 0 });
		const network = () => scenario.networkMs * (0.5 + rng());
		const request = async () => {
			counts.sent++;
			windowAt(clock.now).sent++;
			await clock.sleep(network());
			if (provider.inFlight >= scenario.limit) {
				counts.refused++;
				windowAt(clock.now).refused++;
				await clock.sleep(network());
				return { ok: false, retryAfterMs: scenario.retryAfterMs };
			}
			provider.inFlight++;
			provider.maxInFlight = Math.max(provider.maxInFlight, provider.inFlight);
			const took = scenario.latencyMs * (0.5 + rng());
			const start = clock.now;
			await clock.sleep(took);
			provider.inFlight--;
			provider.busyMs += took;
			await clock.sleep(network());
			// Busy time per window, split where the request crossed windows.
			for (let t = start; t < start + took; ) {
				const end = Math.min(start + took, (Math.floor(t / WINDOW_MS) + 1) * WINDOW_MS);
				windowAt(t).busyMs += end - t;
				t = end;
			}
			return { ok: true, retryAfterMs: undefined };
		};

		const processes = Array.from({ length: scenario.processes }, () => {
			const account = new AccountLimit(true);
			return { account, member: account.join(scenario.perProcess), done: 0 };
		});
		type Process = (typeof processes)[number];

		/** One item, the way sendWithRetry sends it under the adaptive limit. */
		const item = async (process: Process) => {
			const budget = new RefusalBudget();
			for (;;) {
				const place = await process.account.acquire(process.member, undefined, budget.refusals > 0);
				if (!place || place instanceof AccountOutage) return void counts.lost++;
				const reply = await request();
				if (reply.ok) {
					place.release('ok');
					process.done++;
					counts.done++;
					return;
				}
				const { pauseMs, exhausted } = budget.refused(reply.retryAfterMs);
				place.release('refused', pauseMs);
				if (exhausted) return void counts.lost++;
				await sleepMs(pauseMs);
			}
		};

		/** Each process keeps `perProcess` items going while `more(process)` says so. */
		const work = (more: (process: Process) => boolean) => {
			let running = 0;
			for (const process of processes)
				for (let i = 0; i < scenario.perProcess; i++) {
					running++;
					void (async () => {
						while (more(process)) await item(process);
						running--;
					})();
				}
			return () => running === 0;
		};

		if (scenario.mode === 'long') {
			const end = scenario.durationMs!;
			work(() => clock.now < end);
			await clock.run(end);
			const measured = windows.slice(0, Math.ceil(end / WINDOW_MS));
			const throughputs = measured.map((w) => w.busyMs / WINDOW_MS / scenario.limit);
			const median = [...throughputs].sort((a, b) => a - b)[Math.floor(throughputs.length / 2)];
			let converged = measured.length;
			for (let i = measured.length - 1; i >= 0; i--) {
				const w = measured[i];
				const ok = w.refused <= 0.1 * Math.max(1, w.sent) && throughputs[i] >= 0.8 * median;
				if (!ok) break;
				converged = i;
			}
			return result(scenario, counts, provider.busyMs / end / scenario.limit, processes, provider, {
				convergeS: (converged * WINDOW_MS) / 1000,
			});
		}

		// Burst: warm up, idle, then the burst alone is measured.
		const warmEnd = scenario.warmUpMs!;
		const warmed = work(() => clock.now < warmEnd);
		await clock.run(Infinity, warmed);
		await clock.run(clock.now + scenario.idleMs!);
		const burstStart = clock.now;
		const limitsAtBurst = processes.map((p) => p.account.current);
		Object.assign(counts, { sent: 0, refused: 0, done: 0, lost: 0 });
		for (const process of processes) process.done = 0;
		provider.busyMs = 0;
		provider.maxInFlight = 0;
		const queue = processes.map(
			(_, i) =>
				Math.floor(scenario.burstItems! / scenario.processes) +
				(i < scenario.burstItems! % scenario.processes ? 1 : 0),
		);
		const finished = work((process) => queue[processes.indexOf(process)]-- > 0);
		await clock.run(Infinity, finished);
		const burstMs = clock.now - burstStart;
		return result(
			scenario,
			counts,
			provider.busyMs / burstMs / scenario.limit,
			processes,
			provider,
			{
				burstS: burstMs / 1000,
				burstIdealS: (scenario.burstItems! * scenario.latencyMs) / scenario.limit / 1000,
				limitsAtBurst,
			},
		);
	} finally {
		setWaitClock();
	}
}

function result(
	scenario: Result['scenario'],
	counts: { sent: number; refused: number; done: number; lost: number },
	throughput: number,
	processes: Array<{ done: number }>,
	provider: { maxInFlight: number },
	extra: Partial<Result>,
): Result {
	const refusedShare = counts.refused / Math.max(1, counts.sent);
	const done = processes.map((p) => p.done);
	const mean = done.reduce((a, b) => a + b, 0) / done.length;
	return {
		scenario,
		...counts,
		refusedShare,
		throughput,
		bound: erlangBound(Math.max(refusedShare, 3 / Math.max(1, counts.sent)), scenario.limit),
		boundAt10: erlangBound(0.1, scenario.limit),
		spread: mean ? (Math.max(...done) - Math.min(...done)) / mean : 0,
		maxInFlight: provider.maxInFlight,
		...extra,
	};
}

/** The goals of issue 30 for one row. */
export function goals(r: Result) {
	return {
		lost: r.lost === 0,
		refused: r.refusedShare <= 0.1,
		throughput: r.throughput >= 0.9 * r.bound,
	};
}

export const PROCESSES = [1, 2, 4, 8, 16, 32];
export const LIMITS = [5, 20, 50];
