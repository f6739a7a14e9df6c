/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: a limiting proxy */
/**
 * The adaptive in-flight limit (nodes/shared/limiter.ts): its rules on their own, then a real node
 * in n8n-core's engine against a provider that accepts only a few requests at once and refuses the
 * rest with 429 + Retry-After. Waits go through the wait seam: nothing sleeps but the fake's own
 * reply latency.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import {
	accountEntries,
	AccountLimit,
	AccountOutage,
	ExecutionLimit,
	MAX_LEARNED,
	type Place,
	RefusalBudget,
} from '../../nodes/shared/limiter';
import { parseRetryAfterMs } from '../../nodes/shared/http';
import type { FakeServer } from '../fakes/fake-server';
import { startFakeCutoutPro } from '../fakes/cutout-pro';
import { holdWaits, takeWaits, virtualTime } from '../harness/clock';
import { runNode } from '../harness/n8n';

/** Lets every promise already settled run its callbacks. */
const settle = async () => await new Promise<void>((resolve) => setImmediate(resolve));

/** A place that was granted (not the outage breaker's refusal). */
function placeOf(place: Place | AccountOutage | undefined): Place | undefined {
	if (place instanceof AccountOutage) throw place;
	return place;
}

/** Asks for `count` places for `member`, recording them in order as they are granted. */
function ask(account: AccountLimit, member: ReturnType<AccountLimit['join']>, count: number) {
	const granted: Place[] = [];
	const done = Promise.all(
		Array.from({ length: count }, async () => {
			const place = placeOf(await account.acquire(member));
			if (place) granted.push(place);
		}),
	);
	return { granted, done };
}

describe('AccountLimit rules', () => {
	it('starts small and adds a place per success until the provider first refuses (slow start)', async () => {
		const account = new AccountLimit(true);
		const { granted } = ask(account, account.join(50), 50);
		await settle();
		expect(granted).toHaveLength(5);
		granted[0].release('ok');
		await settle();
		// One place freed and one added.
		expect(account.current).toBe(6);
		expect(account.requestsInFlight).toBe(6);
		granted[1].release('ok');
		granted[2].release('ok');
		await settle();
		expect(account.current).toBe(8);
		expect(account.requestsInFlight).toBe(8);
	});

	it('never grows above what its executions ask for', async () => {
		const account = new AccountLimit(true);
		const member = account.join(7);
		// One at a time: the limit never held anything back, so it does not grow.
		for (let i = 0; i < 100; i++) {
			const place = placeOf(await account.acquire(member));
			place!.release('ok');
		}
		expect(account.current).toBe(5);
		const { granted } = ask(account, member, 10);
		await settle();
		for (let i = 0; i < 9; i++) {
			granted.shift()!.release('ok');
			await settle();
		}
		// Saturated, it grew to the execution's Concurrency, and no further.
		expect(account.current).toBe(7);
	});

	// Issue 30 changed this rule: a refusal used to pause every request on the account for the
	// provider's time plus jitter; now only the refused request waits (see the node tests below).
	it('a refusal lowers the limit to one below what was in flight; the account is not paused', async () => {
		const account = new AccountLimit(true);
		const member = account.join(50);
		const { granted } = ask(account, member, 50);
		await settle();
		for (let i = 0; i < 3; i++) granted[i].release('ok'); // slow start: 8 in flight
		await settle();
		expect(account.requestsInFlight).toBe(8);
		const held = holdWaits();
		granted[3].release('refused', 1000);
		expect(account.current).toBe(7);
		granted[4].release('refused', 1000);
		granted[5].release('refused', 1000);
		expect(account.current).toBe(5);
		await settle();
		// Nothing waits for the account: the places under the new limit are used at once.
		expect(account.requestsInFlight).toBe(5);
		expect(held.blocked()).toBe(0);
		for (let i = 6; i < 11; i++) granted[i].release('ok');
		await settle();
		expect(account.requestsInFlight).toBe(5);
		held.release();
		expect(takeWaits()).toEqual([]);
	});

	it('below one place: a refusal at one request in flight halves its share, and requests are spaced to it', async () => {
		const account = new AccountLimit(true);
		const member = account.join(5);
		const first = ask(account, member, 5);
		await settle();
		// Learn a limit of 1: five in flight, all refused.
		for (const place of first.granted) place.release('refused', 1000);
		expect(account.current).toBe(0.5);
		const start = virtualTime();
		const held = holdWaits();
		const later = ask(account, member, 3);
		await settle();
		// The next request waits the provider's time (Retry-After), then one at a time.
		expect(later.granted).toHaveLength(0);
		expect(takeWaits()).toEqual([1000]);
		held.release();
		while (later.granted.length === 0) await settle();
		expect(virtualTime() - start).toBe(1000);
		expect(account.requestsInFlight).toBe(1);
		later.granted[0].release('ok');
		await settle();
		expect(account.requestsInFlight).toBe(1);
	});

	it('probes one place above its limit after 3 × limit successes, 4 times rarer after each refused probe (up to 64 times)', async () => {
		const account = new AccountLimit(true);
		const member = account.join(50);
		const { granted } = ask(account, member, 2000);
		await settle();
		// Learn a limit of 4: five in flight, one refused.
		granted.shift()!.release('refused', 1000);
		await settle();
		await settle();
		expect(account.current).toBe(4);
		const successesBeforeGrowth: number[] = [];
		let successes = 0;
		while (successesBeforeGrowth.length < 4) {
			const limit = account.current;
			granted.shift()!.release('ok');
			successes++;
			await settle();
			if (account.current > limit) {
				successesBeforeGrowth.push(successes);
				successes = 0;
				// The provider still takes 4: the probe's extra request is refused.
				granted.pop()!.release('refused', 1000);
				await settle();
				await settle();
				expect(account.current).toBe(4);
			}
		}
		// Slow start ended on a refusal, which counts as the first refused probe; 4^3 at most.
		expect(successesBeforeGrowth).toEqual([48, 192, 768, 768]);
	});

	it('keeps each execution at its own Concurrency and serves waiting executions in turn', async () => {
		const account = new AccountLimit(true);
		const big = account.join(10);
		const small = account.join(10);
		const first = ask(account, big, 10);
		await settle();
		expect(first.granted).toHaveLength(5);
		const later = ask(account, small, 2);
		await settle();
		// Released without learning anything: each frees exactly one place.
		first.granted[0].release('other');
		await settle();
		expect(later.granted).toHaveLength(1);
		first.granted[1].release('other');
		await settle();
		expect(first.granted).toHaveLength(6);
		first.granted[2].release('other');
		await settle();
		expect(later.granted).toHaveLength(2);

		const capped = new AccountLimit(true);
		const one = capped.join(1);
		const { granted } = ask(capped, one, 3);
		await settle();
		expect(granted).toHaveLength(1);
	});

	it("a request's refusals: at least half a second apart whatever Retry-After says, 600 at most", () => {
		const budget = new RefusalBudget();
		const past = parseRetryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT');
		expect(past).toBe(0);
		const verdicts = Array.from({ length: 600 }, () => budget.refused(past));
		expect(new Set(verdicts.map((v) => v.pauseMs))).toEqual(new Set([500]));
		expect(verdicts.findIndex((v) => v.exhausted)).toBe(599);
		// Without Retry-After: a backoff from the floor, capped at 5 s.
		const backoff = new RefusalBudget();
		const pauses = Array.from({ length: 20 }, () => backoff.refused(undefined).pauseMs);
		expect(Math.min(...pauses)).toBeGreaterThanOrEqual(500);
		expect(Math.max(...pauses)).toBeLessThanOrEqual(5000);
	});

	it('off (fixed), it never learns and never pauses', async () => {
		const account = new AccountLimit(false);
		const member = account.join(5);
		const { granted } = ask(account, member, 5);
		await settle();
		expect(granted).toHaveLength(5);
		for (const place of granted) place.release('refused', 1000);
		expect(takeWaits()).toEqual([]);
		expect(account.current).toBe(Infinity);
	});

	it('a waiter whose execution is stopped leaves the queue at once; its place goes to the next', async () => {
		const account = new AccountLimit(true);
		const member = account.join(10);
		const { granted } = ask(account, member, 5);
		await settle();
		const stop = new AbortController();
		const stopped = account.acquire(member, stop.signal);
		const next = account.acquire(member);
		stop.abort();
		await expect(stopped).resolves.toBeUndefined();
		granted[0].release('other');
		await expect(next).resolves.toBeDefined();
		expect(account.requestsInFlight).toBe(5);
		await expect(account.acquire(member, stop.signal)).resolves.toBeUndefined();
	});

	it('an execution that leaves gives back its places and wakes its waiters; releasing twice counts once', async () => {
		const account = new AccountLimit(true);
		const member = account.join(10);
		const { granted } = ask(account, member, 6);
		await settle();
		const waiting = account.acquire(member);
		granted[0].release('other');
		granted[0].release('other');
		await settle();
		expect(account.requestsInFlight).toBe(5);
		account.leave(member);
		await expect(waiting).resolves.toBeUndefined();
		expect(account.requestsInFlight).toBe(0);
		const other = account.join(3);
		const again = ask(account, other, 3);
		await settle();
		expect(again.granted).toHaveLength(3);
	});
});

/** A provider that accepts `accepts()` requests at once and answers the rest 429 + Retry-After: 1. */
async function startLimitingProxy(target: string, accepts: () => number) {
	/**
	 * `refusals`: accepted requests are answered only once this many requests were refused.
	 * `hold`: accepted requests are not forwarded at all (they stay in flight) while it is set.
	 */
	const gate: {
		refusals?: number;
		open?: () => void;
		hold?: boolean;
		noRetryAfter?: boolean;
		/** The Retry-After sent with a refusal ('1' unless set). */
		retryAfter?: string;
	} = {};
	const stats = { total: 0, refused: 0, inFlight: 0, maxInFlight: 0 };
	const upstream = new URL(target);
	const server: Server = createServer((req, res) => {
		stats.total++;
		if (stats.inFlight >= accepts()) {
			stats.refused++;
			if (gate.refusals !== undefined && stats.refused >= gate.refusals) {
				const open = gate.open;
				gate.refusals = undefined;
				gate.open = undefined;
				open?.();
			}
			req.resume();
			res.writeHead(429, {
				'content-type': 'application/json',
				...(gate.noRetryAfter ? {} : { 'retry-after': gate.retryAfter ?? '1' }),
			});
			res.end(JSON.stringify({ code: 429, msg: 'Too Many Requests' }));
			return;
		}
		stats.inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		res.on('close', () => stats.inFlight--);
		const forward = () =>
			request(
				{
					host: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: req.url,
					headers: req.headers,
				},
				(up) => {
					res.writeHead(up.statusCode ?? 502, up.headers);
					up.pipe(res);
				},
			);
		const send = () => req.pipe(forward());
		if (gate.hold) return;
		if (gate.refusals !== undefined && stats.refused < gate.refusals) {
			const previous = gate.open;
			gate.open = () => {
				previous?.();
				send();
			};
		} else send();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		stats,
		gate,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('a node under a provider limit of a few requests at once', () => {
	const KEY = 'limit-test-key';
	let fake: FakeServer;
	let accepted = 3;
	let acceptedNow = () => accepted;
	let proxy: Awaited<ReturnType<typeof startLimitingProxy>>;
	beforeAll(async () => {
		fake = await startFakeCutoutPro({ apiKey: KEY, latencyMs: 15 });
		proxy = await startLimitingProxy(fake.baseUrl, () => acceptedNow());
	});
	afterAll(async () => {
		await proxy.close();
		await fake.close();
	});
	beforeEach(() => {
		accepted = 3;
		acceptedNow = () => accepted;
		proxy.gate.hold = false;
		proxy.gate.noRetryAfter = false;
		proxy.gate.retryAfter = undefined;
		Object.assign(proxy.stats, { total: 0, refused: 0, maxInFlight: 0 });
		takeWaits();
	});

	const run = async (
		options: Record<string, unknown>,
		count = 40,
		abortSignal?: AbortSignal,
		credentialId = '1',
		data: { apiKey: string; baseUrl: string } = { apiKey: KEY, baseUrl: proxy.url },
	) =>
		await runNode({
			credentialId,
			node: new CutoutPro(),
			credentials: { type: new CutoutProApi(), data },
			parameters: {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'url',
				imageUrl: '={{ $json.url }}',
				mattingType: 'object',
				options,
			},
			items: Array.from({ length: count }, (_, i) => ({
				json: { url: `https://cdn.example.com/p${i}.png` },
			})),
			continueOnFail: true,
			abortSignal,
		});

	it('Concurrency 20 against 3 accepted: every item succeeds exactly once, in its place', async () => {
		const { items } = await run({ concurrency: 20 });
		expect(items).toHaveLength(40);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(items.filter((item) => item.json.error)).toEqual([]);
		expect(items.map((item) => item.binary?.data.fileName)).toEqual(
			items.map((_, i) => `p${i}-nobg.png`),
		);
		// Each image was processed exactly once: refused requests started no work.
		expect(proxy.stats.total - proxy.stats.refused).toBe(40);
		expect(proxy.stats.maxInFlight).toBeLessThanOrEqual(3);
		// The account paused for what the provider asked for, then a little jitter.
		const waits = takeWaits();
		expect(waits).toContain(1000);
		expect(waits.filter((wait) => wait !== 1000).every((wait) => wait <= 200)).toBe(true);
	});

	it('the same run with the adaptive limit off loses items to 429 (the fixed limit)', async () => {
		// The 3 accepted requests are answered only after 40 refusals: 17 items spend their 4
		// attempts against a full provider, whatever the machine's speed.
		proxy.gate.refusals = 40;
		const { items } = await run({ concurrency: 20, adaptiveConcurrency: false });
		expect(items).toHaveLength(40);
		const failed = items.filter((item) => item.json.error);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed[0].json.error).toBe('Cutout.pro error 429: Too Many Requests');
	});

	it('follows a provider whose limit changes mid-run (3 → 1 → 3)', async () => {
		let served = 0;
		const original = proxy.stats;
		accepted = 3;
		const timer = setInterval(() => {
			served = original.total - original.refused;
			accepted = served >= 10 && served < 25 ? 1 : 3;
		}, 1);
		try {
			const { items } = await run({ concurrency: 10 }, 40);
			expect(items.filter((item) => item.json.error)).toEqual([]);
			expect(original.total - original.refused).toBe(40);
		} finally {
			clearInterval(timer);
		}
	});

	it('stops at once when the execution is cancelled while requests are held back', async () => {
		const held = holdWaits();
		const cancel = new AbortController();
		const running = run({ concurrency: 20 }, 40, cancel.signal);
		while (held.blocked() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
		const sent = proxy.stats.total;
		cancel.abort();
		const outcome = await running;
		held.release();
		// Nothing more was sent; the items still waiting end as cancelled.
		expect(proxy.stats.total).toBe(sent);
		const errors = outcome.items.map((item) => item.json.error).filter(Boolean);
		expect(new Set(errors)).toEqual(new Set(['The execution was cancelled']));
	});

	/** Counts from here on (the proxy's figures since the last call). */
	const counted = () => {
		const { total, refused, maxInFlight } = proxy.stats;
		Object.assign(proxy.stats, { total: 0, refused: 0, maxInFlight: 0 });
		return { total, refused, maxInFlight };
	};
	const failures = (outcome: Awaited<ReturnType<typeof run>>) =>
		outcome.items.filter((item) => item.json.error).map((item) => item.json.error);

	it('executions side by side on one account share its limit: no storm of refusals', async () => {
		// Ten executions of 4 items at the default Concurrency (5): 50 places asked for at once,
		// against a provider that takes 3. Each execution on its own would send 4 at once (40, of
		// which 37 refused in the first wave alone).
		const runs = await Promise.all(Array.from({ length: 10 }, async () => await run({}, 4)));
		for (const outcome of runs) {
			expect(outcome.items).toHaveLength(4);
			expect(failures(outcome)).toEqual([]);
		}
		const { total, refused, maxInFlight } = counted();
		expect(total - refused).toBe(40);
		// The account starts at 5 (two refusals find the 3) and probes rarely.
		expect(refused).toBeLessThanOrEqual(5);
		expect(maxInFlight).toBe(3);
	});

	it('accounts are told apart by credential: a second credential has its own limit', async () => {
		await run({ concurrency: 20 }, 20, undefined, 'a');
		counted();
		// Credential "b" has learned nothing: it starts small and grows (slow start).
		await run({ concurrency: 20 }, 20, undefined, 'b');
		expect(counted().refused).toBeGreaterThanOrEqual(1);
	});

	it('the next execution starts from the limit the last one found, not from its Concurrency', async () => {
		await run({ concurrency: 50 }, 40);
		const first = counted();
		expect(first.refused).toBeGreaterThanOrEqual(1);
		await run({ concurrency: 50 }, 40);
		const second = counted();
		expect(second.total - second.refused).toBe(40);
		// At most the probes of a limit already known: no first wave of 50.
		expect(second.refused).toBeLessThanOrEqual(2);
	});

	/**
	 * After a stop, a new execution on the same account runs with every place free: as many in
	 * flight as the provider accepts (a place kept by the stopped run would leave one fewer, or hang).
	 */
	const runsAtFullSpeed = async () => {
		proxy.gate.hold = false;
		counted();
		const outcome = await run({ concurrency: accepted }, 4 * accepted);
		expect(failures(outcome)).toEqual([]);
		expect(counted().maxInFlight).toBe(accepted);
	};

	it('a stop while requests wait behind a lowered limit ends the execution and frees every place', async () => {
		accepted = 2;
		const cancel = new AbortController();
		const running = run({ concurrency: 20 }, 40, cancel.signal);
		// Stop once the limit came down and a few items were served.
		while (proxy.stats.total - proxy.stats.refused < 5) await settle();
		cancel.abort();
		const outcome = await running;
		expect(outcome.items).toHaveLength(40);
		expect(failures(outcome)).toContain('The execution was cancelled');
		await runsAtFullSpeed();
	});

	it('a stop during the Retry-After pause ends the execution, and the account serves the next one', async () => {
		const held = holdWaits();
		const cancel = new AbortController();
		const running = run({ concurrency: 20 }, 40, cancel.signal);
		while (held.blocked() === 0) await settle();
		cancel.abort();
		const outcome = await running;
		expect(new Set(failures(outcome))).toEqual(new Set(['The execution was cancelled']));
		held.release();
		await runsAtFullSpeed();
	});

	it('a stop with requests in flight aborts them (no wait for the Request Timeout)', async () => {
		proxy.gate.hold = true;
		const cancel = new AbortController();
		const running = run({ concurrency: 3, timeoutSeconds: 3600 }, 6, cancel.signal);
		while (proxy.stats.inFlight < 3) await settle();
		cancel.abort();
		const outcome = await running;
		expect(new Set(failures(outcome))).toEqual(new Set(['The execution was cancelled']));
		// The held requests' connections were closed by the stop.
		while (proxy.stats.inFlight > 0) await settle();
		await runsAtFullSpeed();
	});

	it('refusals are budgeted by time, not counted: 100 refusals without Retry-After, then success', async () => {
		proxy.gate.noRetryAfter = true;
		acceptedNow = () => (proxy.stats.refused < 100 ? 0 : 3);
		const outcome = await run({}, 1);
		expect(failures(outcome)).toEqual([]);
		expect(counted()).toMatchObject({ total: 101, refused: 100 });
		// The pauses grew as the refusals went on (capped backoff), together well under 10 minutes.
		const pauses = takeWaits().filter((wait) => wait >= 250);
		expect(Math.max(...pauses)).toBeGreaterThan(4000);
	});

	// Issue 30 (items 1 and 3) changed the error: it was the provider's own 429 error after the
	// normal retries; now the refusal budget ends the request with an error that says so.
	it('a request refused for more than 10 minutes of waiting in all fails, saying so', async () => {
		acceptedNow = () => 0;
		const outcome = await run({}, 1);
		expect(failures(outcome)).toEqual([
			'Cutout.pro refused this request for load 600 times (HTTP 429) over 9 min 59 s; it was not sent again',
		]);
		// Retry-After: 1 each time: 600 refusals make the 10 minutes.
		expect(counted().refused).toBeGreaterThanOrEqual(600);
	});

	it('Retry-After: 0 does not make a request repeat at once, nor forever', async () => {
		proxy.gate.retryAfter = '0';
		// On d1061c0 the item sent 1,000 requests without a pause, then succeeded.
		acceptedNow = () => (proxy.stats.refused < 1000 ? 0 : 3);
		const outcome = await run({}, 1);
		expect(failures(outcome)).toEqual([
			expect.stringMatching(
				/^Cutout\.pro refused this request for load 600 times \(HTTP 429\) over 5 min; it was not sent again$/,
			),
		]);
		expect(counted()).toMatchObject({ total: 600, refused: 600 });
		// Every wait after a refusal lasted at least the floor (half a second).
		const waits = takeWaits();
		expect(waits).toHaveLength(599);
		expect(Math.min(...waits)).toBe(500);
	});

	it('an outage ends in bounded time: 20 items against 429 + Retry-After: 60 to everything; the account recovers by itself', async () => {
		proxy.gate.retryAfter = '60';
		acceptedNow = () => 0;
		const start = virtualTime();
		const outcome = await run({}, 20);
		const minutes = (virtualTime() - start) / 60_000;
		// d1061c0: 198 account pauses of 60 s one after the other, over 200 minutes.
		expect(minutes).toBeLessThanOrEqual(12);
		const errors = failures(outcome);
		expect(errors).toHaveLength(20);
		// The requests still waiting when the breaker opened fail naming the outage...
		const outage = errors.filter((error) =>
			/^Cutout\.pro has refused every request on this account for 1[01] min( \d+ s)? \(\d+ refusals for load, no success\): an outage/.test(
				String(error),
			),
		);
		expect(outage.length).toBeGreaterThanOrEqual(10);
		// ...the others when their own 10 minutes from their first refusal were up.
		for (const error of errors.filter((e) => !outage.includes(e)))
			expect(error).toMatch(
				/^Cutout\.pro refused this request for load \d+ times \(HTTP 429\) over (9|10) min/,
			);
		const { total, refused } = counted();
		expect(total).toBe(refused);
		expect(total).toBeLessThanOrEqual(40);
		// The provider is back: the next execution on the account (same credential) goes through.
		acceptedNow = () => 3;
		const after = await run({}, 20);
		expect(failures(after)).toEqual([]);
		expect(counted().total - proxy.stats.refused).toBeGreaterThanOrEqual(0);
	});

	it("one credential whose key is resolved per execution is as many accounts as keys; the limit's key holds no secret", async () => {
		const credentialUrl = proxy.url.replace('http://', 'http://someone:url-password@');
		await run({}, 2, undefined, 'shared', { apiKey: KEY, baseUrl: credentialUrl });
		await run({}, 2, undefined, 'shared', {
			apiKey: 'another-accounts-key',
			baseUrl: credentialUrl,
		});
		const { learnedKeys } = accountEntries();
		expect(learnedKeys).toHaveLength(2);
		for (const key of learnedKeys) {
			expect(key).toContain('"shared"');
			expect(key).toContain(proxy.url);
			for (const secret of [KEY, 'another-accounts-key', 'someone', 'url-password'])
				expect(key).not.toContain(secret);
		}
	});
});

describe('the accounts this process keeps', () => {
	it("an account's entry goes when its last execution leaves; learned limits stay in a bounded map", async () => {
		for (let i = 0; i < MAX_LEARNED * 3; i++) {
			const execution = new ExecutionLimit(5, true);
			const place = placeOf(await execution.acquire(`account ${i}`));
			place!.release('ok');
			execution.close();
		}
		expect(accountEntries()).toMatchObject({ inUse: 0, learned: MAX_LEARNED });
		// Two executions on one account: the entry stays until the second leaves.
		const a = new ExecutionLimit(5, true);
		const b = new ExecutionLimit(5, true);
		const pa = placeOf(await a.acquire('shop'));
		const pb = placeOf(await b.acquire('shop'));
		expect(accountEntries().inUse).toBe(1);
		pa!.release('refused', 1000);
		a.close();
		expect(accountEntries().inUse).toBe(1);
		pb!.release('ok');
		b.close();
		expect(accountEntries().inUse).toBe(0);
		// What it learned (a limit of 1 after the refusal) is where the next execution starts.
		const next = new ExecutionLimit(5, true);
		const places = await Promise.all(
			[next.acquire('shop'), next.acquire('shop')].map(
				async (p) => await Promise.race([p, settle().then(() => 'waiting')]),
			),
		);
		expect(places.filter((p) => p === 'waiting')).toHaveLength(1);
		next.close();
	});
});
