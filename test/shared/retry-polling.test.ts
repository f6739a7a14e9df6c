/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a scripted HTTP server */
/**
 * The shared retry (nodes/shared/http.ts) and polling (nodes/shared/polling.ts) code, through
 * n8n-core's engine against a scripted server on 127.0.0.1. Waits go through the wait seam
 * (test/harness/clock.ts): asserted as the exact waits asked for, never slept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseRetryAfterMs } from '../../nodes/shared/http';
import { holdWaits, takeWaits } from '../harness/clock';
import { runNode } from '../harness/n8n';
import { log, Probe, resetLog } from './probe-node';

let server: Server;
let script: Array<{ status: number; headers?: Record<string, string> }> = [];
let hits = 0;
let url = '';

beforeAll(async () => {
	server = createServer((req, res) => {
		const step = script[Math.min(hits, script.length - 1)] ?? { status: 200 };
		hits++;
		res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
		res.end(JSON.stringify({ hit: hits }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	resetLog();
	hits = 0;
	takeWaits();
});

const send = (idempotent: boolean) => ({ action: 'send', url, idempotent });

describe('shared retry', () => {
	it('honours Retry-After on a 429 exactly, then succeeds', async () => {
		script = [{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }];
		const { items } = await runNode({ node: new Probe(), parameters: send(false), items: [{}] });
		expect(items[0].json.httpCode).toBe(200);
		expect(hits).toBe(2);
		expect(takeWaits()).toEqual([3000]);
	});

	it('backs off exponentially (with jitter in the upper half) and gives up after 4 attempts', async () => {
		script = [{ status: 503 }];
		const { items } = await runNode({ node: new Probe(), parameters: send(true), items: [{}] });
		expect(items[0].json.httpCode).toBe(503);
		expect(hits).toBe(4);
		const waits = takeWaits();
		expect(waits).toHaveLength(3);
		waits.forEach((wait, attempt) => {
			const ceiling = 500 * 2 ** attempt;
			expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
			expect(wait).toBeLessThanOrEqual(ceiling);
		});
	});

	it('does not repeat a paid submission after an ambiguous 502, but repeats a status read', async () => {
		script = [{ status: 502 }, { status: 200 }];
		const paid = await runNode({ node: new Probe(), parameters: send(false), items: [{}] });
		expect(paid.items[0].json.httpCode).toBe(502);
		expect(hits).toBe(1);
		hits = 0;
		const read = await runNode({ node: new Probe(), parameters: send(true), items: [{}] });
		expect(read.items[0].json.httpCode).toBe(200);
		expect(hits).toBe(2);
	});

	it('ignores a Retry-After that is neither delta-seconds nor an HTTP-date ("garbage 2027")', async () => {
		script = [{ status: 429, headers: { 'retry-after': 'garbage 2027' } }, { status: 200 }];
		const { items } = await runNode({ node: new Probe(), parameters: send(false), items: [{}] });
		// Not read as 1 Jan 2027 (a wait too long to honour): the usual backoff, then success.
		expect(items[0].json.httpCode).toBe(200);
		expect(hits).toBe(2);
		const waits = takeWaits();
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeLessThanOrEqual(500);
	});

	it('does not wait for a Retry-After over 60 s: the reply is returned at once', async () => {
		script = [{ status: 429, headers: { 'retry-after': '120' } }];
		const { items } = await runNode({ node: new Probe(), parameters: send(false), items: [{}] });
		expect(items[0].json.httpCode).toBe(429);
		expect(hits).toBe(1);
		expect(takeWaits()).toEqual([]);
	});
});

describe('shared polling', () => {
	const poll = { action: 'poll', pollIntervalSeconds: 2, maxWaitSeconds: 60 };

	it('waits 2 s, then ×1.5 per check, until the task is done', async () => {
		const { items } = await runNode({
			node: new Probe(),
			parameters: { ...poll, pollsUntilDone: 5 },
			items: [{}],
		});
		expect(items[0].json).toMatchObject({ status: 'done', value: 'finished' });
		expect(log.pollsChecked).toBe(5);
		expect(takeWaits()).toEqual([2000, 3000, 4500, 6750, 10125]);
	});

	it('a 60 s task costs 8 status requests at the 2 s default (the cap is 15 s)', async () => {
		const { items } = await runNode({
			node: new Probe(),
			parameters: { ...poll, pollsUntilDone: 1000 },
			items: [{}],
			continueOnFail: true,
		});
		expect(log.pollsChecked).toBe(8);
		const waits = takeWaits();
		expect(waits.reduce((sum, wait) => sum + wait, 0)).toBe(60_000);
		expect(Math.max(...waits)).toBeLessThanOrEqual(15_000);
		expect(items[0].json).toMatchObject({
			error: 'Probe task task-0 did not finish within 60 s',
			taskId: 'task-0',
		});
		expect(items[0].json.description).toContain('(8 checks)');
	});

	it('stops at once when the execution is cancelled during a wait', async () => {
		const held = holdWaits();
		const cancel = new AbortController();
		const running = runNode({
			node: new Probe(),
			parameters: { ...poll, pollsUntilDone: 1000 },
			items: [{}],
			abortSignal: cancel.signal,
		});
		while (held.blocked() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
		const checksBefore = log.pollsChecked;
		cancel.abort();
		const outcome = await running;
		held.release();
		// The blocked wait was never released by the clock: cancelling ended it.
		expect(log.pollsChecked).toBe(checksBefore);
		expect(outcome.items).toEqual([]);
	});
});

describe('Retry-After parsing', () => {
	const now = Date.UTC(2026, 11, 4, 12, 0, 0);
	it.each([
		['7', 7000],
		[' 0 ', 0],
		['Fri, 04 Dec 2026 12:00:30 GMT', 30_000],
		['Friday, 04-Dec-26 12:00:30 GMT', 30_000],
		['Fri Dec  4 12:00:30 2026', 30_000],
		['Fri, 04 Dec 2026 11:00:00 GMT', 0],
	])('reads %j as %d ms', (value, ms) => {
		expect(parseRetryAfterMs(value, now)).toBe(ms);
	});

	it.each([
		'garbage 2027',
		'1.5',
		'-3',
		'1e3',
		'0x10',
		'Dec 25 2026',
		'2026-12-05T00:00:00Z',
		'Fri, 31 Feb 2026 12:00:00 GMT',
		'Fri, 04 Dec 2026 25:00:00 GMT',
		'',
	])('ignores %j', (value) => {
		expect(parseRetryAfterMs(value, now)).toBeUndefined();
	});
});
