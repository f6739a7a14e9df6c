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
import { AdaptiveLimit } from '../../nodes/shared/limiter';
import type { FakeServer } from '../fakes/fake-server';
import { startFakeCutoutPro } from '../fakes/cutout-pro';
import { holdWaits, takeWaits } from '../harness/clock';
import { runNode } from '../harness/n8n';

describe('AdaptiveLimit rules', () => {
	it('falls by one per refusal, rises by one after 3 × limit successes, never above the maximum', async () => {
		const limit = new AdaptiveLimit(50, true);
		await Promise.all(Array.from({ length: 50 }, async () => await limit.acquire()));
		// A burst of 50 against a provider that takes 5: 45 refused, 5 accepted.
		for (let i = 0; i < 45; i++) limit.release('refused');
		expect(limit.current).toBe(5);
		for (let i = 0; i < 5; i++) limit.release('ok');
		for (let i = 0; i < 9; i++) {
			await limit.acquire();
			limit.release('ok');
		}
		expect(limit.current).toBe(5); // 14 successes in a row at 5
		await limit.acquire();
		limit.release('ok');
		expect(limit.current).toBe(6); // the 15th
		for (let i = 0; i < 4000; i++) {
			await limit.acquire();
			limit.release('ok');
		}
		expect(limit.current).toBe(50);
	});

	it('never lets more than the limit in flight: the rest wait in order', async () => {
		const limit = new AdaptiveLimit(2, true);
		const order: number[] = [];
		await limit.acquire();
		await limit.acquire();
		const waiting = [3, 4].map(async (n) => {
			await limit.acquire();
			order.push(n);
		});
		await new Promise<void>((resolve) => setImmediate(resolve));
		expect(order).toEqual([]);
		limit.release('ok');
		limit.release('ok');
		await Promise.all(waiting);
		expect(order).toEqual([3, 4]);
	});

	it('off, it keeps the limit whatever the provider says', async () => {
		const limit = new AdaptiveLimit(5, false);
		for (let i = 0; i < 5; i++) {
			await limit.acquire();
			limit.release('refused');
		}
		expect(limit.current).toBe(5);
	});
});

/** A provider that accepts `accepts()` requests at once and answers the rest 429 + Retry-After: 1. */
async function startLimitingProxy(target: string, accepts: () => number) {
	/** When set, accepted requests are answered only once this many requests were refused. */
	const gate: { refusals?: number; open?: () => void } = {};
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
			res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
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
	let proxy: Awaited<ReturnType<typeof startLimitingProxy>>;
	beforeAll(async () => {
		fake = await startFakeCutoutPro({ apiKey: KEY, latencyMs: 15 });
		proxy = await startLimitingProxy(fake.baseUrl, () => accepted);
	});
	afterAll(async () => {
		await proxy.close();
		await fake.close();
	});
	beforeEach(() => {
		accepted = 3;
		Object.assign(proxy.stats, { total: 0, refused: 0, maxInFlight: 0 });
		takeWaits();
	});

	const run = async (options: Record<string, unknown>, count = 40, abortSignal?: AbortSignal) =>
		await runNode({
			node: new CutoutPro(),
			credentials: { type: new CutoutProApi(), data: { apiKey: KEY, baseUrl: proxy.url } },
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
		// Every refused request waited what the provider asked for.
		expect(new Set(takeWaits())).toEqual(new Set([1000]));
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
});
