import { takeWaits } from '../harness/clock';
import { API_KEY, FAST_WAIT, useFakeCutoutPro } from './setup';

const env = useFakeCutoutPro({ pollsUntilDone: 1 });
const isPath = (path: string) => (r: { path: string }) => r.path === path;
const submitVideo = {
	resource: 'video',
	operation: 'removeBackground',
	videoUrl: 'https://cdn.example.com/c.mp4',
	outputFormat: 'mov',
	waitForCompletion: false,
};
const getTask = (taskFlag: string) => ({
	resource: 'video',
	operation: 'getTask',
	taskFlag,
	downloadResult: false,
});

async function submittedTask() {
	const { items } = await env.run(submitVideo);
	return items[0].json.taskId as string;
}

describe('Cutout.pro transport: retries', () => {
	it('waits for Retry-After on 429 and then succeeds', async () => {
		env.fake.faults.add({
			match: isPath('/api/v1/video/submitTaskByUrl'),
			kind: { status: 429, retryAfter: 1 },
		});
		takeWaits();
		const { items, error } = await env.run(submitVideo);
		expect(error).toBeUndefined();
		expect(items[0].json.taskId).toMatch(/^[0-9a-f]{32}$/);
		expect(takeWaits()).toContain(1000); // Retry-After: 1, honoured
		expect(env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'))).toHaveLength(2);
		// 429 means the provider refused the request: exactly one task exists
		expect(env.fake.state.videoTasks.size).toBe(1);
	});

	it('retries a status request through 502, 503, 504 and a reset connection', async () => {
		const taskFlag = await submittedTask();
		const match = isPath('/api/v1/video/getTaskInfo');
		for (const kind of [{ status: 502 as const }, { status: 503 as const }, 'reset' as const])
			env.fake.faults.add({ match, kind });
		const { items, error } = await env.run(getTask(taskFlag));
		expect(error).toBeUndefined();
		expect(items[0].json.taskId).toBe(taskFlag);
		expect(env.fake.requests.filter(match)).toHaveLength(4);
	});

	it('does not repeat a submission after an ambiguous 502 (it may have started a paid task)', async () => {
		env.fake.faults.add({
			match: isPath('/api/v1/video/submitTaskByUrl'),
			kind: { status: 502, body: { code: 502, msg: 'Bad gateway' } },
		});
		const { error } = await env.run(submitVideo);
		expect(error?.message).toBe('Cutout.pro error 502: Bad gateway');
		expect(env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'))).toHaveLength(1);
	});

	it('gives up after the attempt limit with a clear error', async () => {
		const taskFlag = await submittedTask();
		env.fake.faults.add({ match: isPath('/api/v1/video/getTaskInfo'), times: 10, kind: 'reset' });
		const { error } = await env.run(getTask(taskFlag));
		expect(error?.message).toBe(
			'Cutout.pro could not be reached: the connection was reset (4 attempt(s))',
		);
		expect(error?.description).toBe('Network error ECONNRESET.');
	});
});

describe('Cutout.pro transport: replies', () => {
	it('reports a malformed reply without crashing', async () => {
		env.fake.faults.add({ match: isPath('/api/v1/video/submitTaskByUrl'), kind: 'malformed-json' });
		const { error } = await env.run(submitVideo);
		expect(error?.message).toBe('Cutout.pro sent a reply that is not a valid API response');
	});

	it('shows the HTTP status and provider message for a wrong API key', async () => {
		const { CutoutPro } = await import('../../nodes/CutoutPro/CutoutPro.node');
		const { CutoutProApi } = await import('../../credentials/CutoutProApi.credentials');
		const { runNode } = await import('../harness/n8n');
		const { error } = await runNode({
			node: new CutoutPro(),
			credentials: {
				type: new CutoutProApi(),
				data: { apiKey: 'wrong-key-123', baseUrl: env.fake.baseUrl },
			},
			parameters: submitVideo,
			items: [{ json: {} }],
		});
		expect(error?.message).toBe('Cutout.pro error 401: Invalid APIKEY');
		expect((error as { httpCode?: string }).httpCode).toBe('401');
	});

	it('never shows the API key, even when the provider echoes it back', async () => {
		env.fake.faults.add({
			match: isPath('/api/v1/video/submitTaskByUrl'),
			times: 2,
			kind: {
				status: 500,
				body: { code: 500, msg: `Header APIKEY=${API_KEY} is suspended`, data: { echo: API_KEY } },
			},
		});
		const failOnError = await env.run(submitVideo);
		const continued = await env.run(submitVideo, [{ json: {} }], true);
		expect(failOnError.error?.message).toBe('Cutout.pro error 500: Header APIKEY=*** is suspended');
		const everything = JSON.stringify([
			failOnError.error,
			failOnError.error?.description,
			continued.items,
			continued.run,
		]);
		expect(everything).not.toContain(API_KEY);
		expect(continued.items[0].json.error).toContain('APIKEY=***');
	});
});

describe('Cutout.pro: many items', () => {
	it('keeps at most Concurrency items in flight, and keeps their order and pairing', async () => {
		env.fake.latencyMs = 200;
		try {
			const items = Array.from({ length: 10 }, (_, i) => ({
				json: { url: `https://cdn.example.com/${i}.mp4` },
			}));
			const result = await env.run(
				{ ...submitVideo, videoUrl: '={{ $json.url }}', options: { concurrency: 5 } },
				items,
			);
			expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
			const submits = env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'));
			expect(new Set(submits.map((r) => r.query.videoUrl)).size).toBe(10);
			// every reply takes ≥ 200 ms, so requests that arrive within 150 ms of the first were in flight together
			const first = Math.min(...submits.map((r) => r.receivedAt));
			const together = submits.filter((r) => r.receivedAt < first + 150).length;
			expect(together).toBe(5);
		} finally {
			env.fake.latencyMs = 0;
		}
	});

	it('submits the next video while the previous result downloads, never two API calls at once with Concurrency 1', async () => {
		env.fake.latencyMs = 100;
		const isResult = (r: { path: string }) => r.path.startsWith('/results/');
		// the first result file takes a second to arrive
		env.fake.faults.add({ match: isResult, kind: { delayMs: 1000 } });
		try {
			const items = [0, 1].map((i) => ({ json: { url: `https://cdn.example.com/${i}.mp4` } }));
			const { items: out, error } = await env.run(
				{ ...submitVideo, videoUrl: '={{ $json.url }}', ...FAST_WAIT, options: { concurrency: 1 } },
				items,
			);
			expect(error).toBeUndefined();
			expect(out.map((i) => [i.json.status, i.pairedItem])).toEqual([
				['done', { item: 0 }],
				['done', { item: 1 }],
			]);
			const firstDownload = env.fake.requests.find(isResult)!;
			const submits = env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'));
			expect(submits.map((r) => r.query.videoUrl)).toEqual([
				'https://cdn.example.com/0.mp4',
				'https://cdn.example.com/1.mp4',
			]);
			// the second submission went out while the first file was still arriving
			expect(submits[1].receivedAt).toBeLessThan(firstDownload.receivedAt + 1000);
			// API calls (not result files) one at a time: each arrives after the previous reply (100 ms)
			const api = env.fake.requests.filter((r) => r.path.startsWith('/api/'));
			for (let i = 1; i < api.length; i++)
				expect(api[i].receivedAt - api[i - 1].receivedAt).toBeGreaterThanOrEqual(95);
		} finally {
			env.fake.latencyMs = 0;
		}
	});

	it('without Continue On Fail, a failed item keeps the items waiting for its slot from being sent', async () => {
		env.fake.faults.add({
			match: isPath('/api/v1/video/submitTaskByUrl'),
			kind: { status: 500, body: { code: 500, msg: 'Internal error' } },
		});
		const items = [0, 1, 2].map((i) => ({ json: { url: `https://cdn.example.com/${i}.mp4` } }));
		const { error } = await env.run(
			{ ...submitVideo, videoUrl: '={{ $json.url }}', options: { concurrency: 1 } },
			items,
		);
		expect(error?.message).toBe('Cutout.pro error 500: Internal error');
		expect(env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'))).toHaveLength(1);
	});

	it('reads the credential once per execution for its own use (n8n still loads it for each request)', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({
			json: { url: `https://cdn.example.com/${i}.mp4` },
		}));
		const { items: out, credentialReads } = await env.run(
			{ ...submitVideo, videoUrl: '={{ $json.url }}' },
			items,
		);
		expect(out).toHaveLength(10);
		expect(env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'))).toHaveLength(10);
		// one per request by httpRequestWithAuthentication, one for the node (base URL, secrets)
		expect(credentialReads).toBe(11);
	});

	it('waits for several tasks side by side', async () => {
		const items = Array.from({ length: 4 }, (_, i) => ({
			json: { url: `https://cdn.example.com/${i}.mp4` },
		}));
		const { items: out } = await env.run(
			{ ...submitVideo, videoUrl: '={{ $json.url }}', ...FAST_WAIT },
			items,
		);
		expect(out.map((i) => i.json.status)).toEqual(['done', 'done', 'done', 'done']);
		expect(new Set(out.map((i) => i.binary?.data.id)).size).toBe(4);
	});
});

describe('Cutout.pro transport: slow, truncated and incomplete replies', () => {
	const slow = { delayMs: 2000 };

	it('abandons a status request slower than the timeout and retries it', async () => {
		const taskFlag = await submittedTask();
		env.fake.faults.add({ match: isPath('/api/v1/video/getTaskInfo'), kind: slow });
		const { items, error } = await env.run({
			...getTask(taskFlag),
			options: { timeoutSeconds: 1 },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.taskId).toBe(taskFlag);
		expect(env.fake.requests.filter(isPath('/api/v1/video/getTaskInfo'))).toHaveLength(2);
	});

	it('does not repeat a submission that timed out (the task may exist)', async () => {
		env.fake.faults.add({ match: isPath('/api/v1/video/submitTaskByUrl'), kind: slow });
		const { error } = await env.run({ ...submitVideo, options: { timeoutSeconds: 1 } });
		expect(error?.message).toBe(
			'Cutout.pro could not be reached: no reply before the timeout (1 attempt(s))',
		);
		expect(error?.description).toMatch(/not repeated/);
		expect(env.fake.requests.filter(isPath('/api/v1/video/submitTaskByUrl'))).toHaveLength(1);
	});

	it('reports truncated JSON as an invalid reply', async () => {
		const taskFlag = await submittedTask();
		env.fake.faults.add({ match: isPath('/api/v1/video/getTaskInfo'), kind: 'truncated-json' });
		const { error } = await env.run(getTask(taskFlag));
		expect(error?.message).toMatch(
			/Cutout\.pro (sent a reply that is not a valid API response|could not be reached)/,
		);
	});

	it('names the missing field when a reply lacks one', async () => {
		env.fake.faults.add({
			match: isPath('/api/v1/video/submitTaskByUrl'),
			kind: {
				status: 200 as never,
				body: { code: 0, data: { somethingElse: 1 }, msg: null },
			} as never,
		});
		const { error } = await env.run(submitVideo);
		expect(error?.message).toBe(
			'Cutout.pro reply to video/submitTaskByUrl is missing expected fields',
		);
		expect(error?.description).toMatch(/data\.taskFlag/);
	});
});

describe('Cutout.pro result downloads', () => {
	const waitAndDownload = {
		...submitVideo,
		waitForCompletion: true,
		maxWaitSeconds: 30,
		pollIntervalSeconds: 0.25,
		downloadResult: true,
	};

	it('retries a download cut short and stores the complete file', async () => {
		env.fake.faults.add({ match: (r) => r.path.startsWith('/results/'), kind: 'reset-mid-body' });
		const { items, error } = await env.run(waitAndDownload);
		expect(error).toBeUndefined();
		expect(items[0].binary?.data.mimeType).toBe('video/quicktime');
		expect(
			env.fake.requests.filter((r) => r.path.startsWith('/results/')).length,
		).toBeGreaterThanOrEqual(2);
	});

	it('fails the item with a clear error when the result URL is gone (404), keeping the task id', async () => {
		env.fake.faults.add({
			match: (r) => r.path.startsWith('/results/'),
			kind: { status: 404 as never } as never,
		});
		const { items } = await env.run(waitAndDownload, [{ json: {} }], true);
		expect(items[0].json.error).toBe('Cutout.pro result file could not be downloaded (HTTP 404)');
		expect(items[0].json.description).toMatch(/Result URLs expire/);
	});
});
