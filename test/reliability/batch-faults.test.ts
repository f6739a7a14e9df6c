import { createHash } from 'node:crypto';

import type { FaultKind, RecordedRequest } from '../fakes/fake-server';
import { useFakeCutoutPro } from '../cutout-pro/setup';
import { writeFragment } from './lib/figures';

const env = useFakeCutoutPro();

const SUBMIT = '/api/v1/video/submitTaskByUrl';
const ITEMS = 500;
const FAULT_RATE = 0.1;
const SEED = 'batch-faults-v1';

/** Faults the provider may have acted on before failing (the reply was lost): never repeat a submission after these. */
const AMBIGUOUS = ['status-502', 'status-504', 'reset', 'malformed-json', 'truncated-json'];
const KINDS: Array<{ name: string; kind: FaultKind }> = [
	{ name: 'status-429', kind: { status: 429, retryAfter: 0 } },
	{ name: 'status-503', kind: { status: 503 } },
	{ name: 'status-502', kind: { status: 502 } },
	{ name: 'reset', kind: 'reset' },
	{ name: 'malformed-json', kind: 'malformed-json' },
];

/** A fixed-seed draw per (video URL, attempt), so the same requests fail whatever the scheduling order. */
function draw(url: string, attempt: number): number {
	return (
		createHash('sha256').update(`${SEED}:${url}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32
	);
}

describe('a 500-item batch with 10% random provider faults', () => {
	it('returns exactly one output per input, paired, and never submits twice after an ambiguous failure', async () => {
		const attempts = new Map<string, number>();
		const decided = new WeakMap<RecordedRequest, string | undefined>();
		const decide = (req: RecordedRequest) => {
			if (!decided.has(req)) {
				const url = String(req.query.videoUrl);
				const attempt = attempts.get(url) ?? 0;
				attempts.set(url, attempt + 1);
				const roll = draw(url, attempt);
				decided.set(
					req,
					roll < FAULT_RATE
						? KINDS[Math.floor((roll / FAULT_RATE) * KINDS.length)].name
						: undefined,
				);
			}
			return decided.get(req);
		};
		for (const { name, kind } of KINDS) {
			env.fake.faults.add({
				times: Infinity,
				kind,
				match: (req) => req.path === SUBMIT && decide(req) === name,
			});
		}

		const inputs = Array.from({ length: ITEMS }, (_, i) => ({
			json: { url: `https://cdn.example.com/v/${i}.mp4` },
		}));
		const { items, error } = await env.run(
			{
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: '={{ $json.url }}',
				outputFormat: 'mov',
				waitForCompletion: false,
				options: { concurrency: 20 },
			},
			inputs,
			true,
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(ITEMS);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			inputs.map((_, i) => i),
		);

		const submits = env.fake.requests.filter((r) => r.path === SUBMIT);
		const byUrl = new Map<string, RecordedRequest[]>();
		for (const request of submits)
			byUrl.set(String(request.query.videoUrl), [
				...(byUrl.get(String(request.query.videoUrl)) ?? []),
				request,
			]);

		let succeeded = 0;
		let failed = 0;
		let lostReplies = 0;
		inputs.forEach((input, index) => {
			const history = byUrl.get(input.json.url) ?? [];
			const item = items[index];
			// every attempt but the last certainly failed (429/503): nothing was repeated after an ambiguous fault
			for (const earlier of history.slice(0, -1))
				expect(['status-429', 'status-503']).toContain(earlier.fault);
			const last = history[history.length - 1];
			if (last.fault === undefined) {
				succeeded++;
				expect(item.json.taskId).toMatch(/^[0-9a-f]{32}$/);
				expect(env.fake.state.videoTasks.get(item.json.taskId as string)?.videoUrl).toBe(
					input.json.url,
				);
			} else {
				failed++;
				expect(item.json.error).toEqual(expect.any(String));
				expect(AMBIGUOUS.includes(last.fault) || history.length === 4).toBe(true);
				// the fake garbles these replies after creating the task, like a reply lost on the way back
				if (last.fault === 'malformed-json') lostReplies++;
			}
		});
		// one task per successful item; failed items created none, unless the provider took the request and the reply was lost
		expect(env.fake.state.videoTasks.size).toBe(succeeded + lostReplies);
		expect(succeeded + failed).toBe(ITEMS);
		const faulted = submits.filter((r) => r.fault).length;
		expect(faulted).toBeGreaterThan(ITEMS * 0.06);
		expect(faulted).toBeLessThan(ITEMS * 0.16);

		const faultsByKind: Record<string, number> = {};
		for (const { fault } of submits)
			if (fault) faultsByKind[fault] = (faultsByKind[fault] ?? 0) + 1;
		writeFragment('batch', {
			subject: 'Cutout.pro video',
			items: ITEMS,
			faultRate: FAULT_RATE,
			concurrency: 20,
			succeeded,
			failed,
			tasksCreated: env.fake.state.videoTasks.size,
			lostReplies,
			submissionAttempts: submits.length,
			faultedAttempts: faulted,
			faultsByKind: Object.fromEntries(Object.entries(faultsByKind).sort()),
		});
	}, 120_000);
});
