import { binaryBytes } from '../harness/n8n';
import { FAULT } from '../fakes/faults';
import { sniff } from '../fakes/media';
import { API_KEY, FAST_WAIT, useFakeCutoutPro } from './setup';

const env = useFakeCutoutPro({ pollsUntilDone: 2 });

describe('Cutout.pro video background removal', () => {
	it('submits, waits with polling, and downloads the MOV result', async () => {
		const { items, error } = await env.run({
			resource: 'video',
			operation: 'removeBackground',
			videoUrl: 'https://cdn.example.com/clip.mp4',
			outputFormat: 'mov',
			...FAST_WAIT,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.json).toMatchObject({
			provider: 'cutoutPro',
			operation: 'video.removeBackground',
			status: 'done',
			percentage: 100,
		});
		expect(item.json.taskId).toMatch(/^[0-9a-f]{32}$/);
		expect(item.json.resultUrl).toContain(`/results/${item.json.taskId as string}.mov`);
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/quicktime', fileExtension: 'mov' });
		expect(sniff(await binaryBytes(item.binary?.data))).toBe('mov');

		const submit = env.fake.requests.find((r) => r.path === '/api/v1/video/submitTaskByUrl')!;
		expect(submit.method).toBe('GET');
		expect(submit.headers.apikey).toBe(API_KEY);
		expect(submit.query).toEqual({
			videoUrl: 'https://cdn.example.com/clip.mp4',
			outputFormat: 'mov',
		});
		// two "processing" answers, then "done"
		expect(env.fake.requests.filter((r) => r.path === '/api/v1/video/getTaskInfo')).toHaveLength(3);
		// the result URL is public: the API key is not sent to it
		const download = env.fake.requests.find((r) => r.path.startsWith('/results/'))!;
		expect(download.headers.apikey).toBeUndefined();
	});

	it('returns the task id at once without waiting, and Get Task fetches the WebM later', async () => {
		const submitted = await env.run({
			resource: 'video',
			operation: 'removeBackground',
			videoUrl: 'https://cdn.example.com/clip.gif',
			outputFormat: 'webm',
			waitForCompletion: false,
		});
		expect(submitted.error).toBeUndefined();
		const taskId = submitted.items[0].json.taskId as string;
		expect(submitted.items[0].json).toMatchObject({ status: 'processing' });
		expect(submitted.items[0].binary).toBeUndefined();
		expect(env.fake.requests.filter((r) => r.path === '/api/v1/video/getTaskInfo')).toHaveLength(0);

		const polls = [];
		for (let i = 0; i < 3; i++)
			polls.push(
				await env.run({
					resource: 'video',
					operation: 'getTask',
					taskFlag: taskId,
					downloadResult: true,
				}),
			);
		expect(polls.map((p) => p.items[0].json.status)).toEqual(['processing', 'processing', 'done']);
		expect(polls[0].items[0].json.percentage).toBe(0);
		const done = polls[2].items[0];
		expect(done.binary?.data.mimeType).toBe('video/webm');
		expect(sniff(await binaryBytes(done.binary?.data))).toBe('webm');
	});

	it('turns a failed task into an error that carries the task id', async () => {
		const { items, error } = await env.run(
			{
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: `https://cdn.example.com/clip${FAULT.videoFails}.mp4`,
				outputFormat: 'mov',
				...FAST_WAIT,
			},
			[{ json: {} }],
			true,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/Cutout\.pro task [0-9a-f]{32} failed: Video decode error/);
		expect(items[0].json.taskId).toMatch(/^[0-9a-f]{32}$/);
	});

	it('stops at the deadline with an error naming the task id for Get Task', async () => {
		const { error } = await env.run({
			resource: 'video',
			operation: 'removeBackground',
			videoUrl: 'https://cdn.example.com/clip.mp4',
			outputFormat: 'mov',
			waitForCompletion: true,
			maxWaitSeconds: 1,
			pollIntervalSeconds: 0.5,
		});
		expect(error?.message).toMatch(/task [0-9a-f]{32} did not finish within 1 s/);
		expect(error?.description).toMatch(/Get Task/);
		expect(env.fake.state.videoTasks.size).toBe(1);
	});

	it('rejects a non-http URL and an unknown output format before any call', async () => {
		const { items } = await env.run(
			{
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: '={{ $json.url }}',
				outputFormat: '={{ $json.format }}',
				waitForCompletion: false,
			},
			[
				{ json: { url: 'ftp://example.com/a.mp4', format: 'mov' } },
				{ json: { url: 'https://example.com/b.mp4', format: 'avi' } },
				{ json: { url: 'https://example.com/c.mp4', format: 'webm' } },
			],
			true,
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toMatch(
			/Invalid "Video URL" in item 0: only http:\/\/ and https:\/\//,
		);
		expect(items[1].json.error).toMatch(
			/Invalid "Output Format" in item 1: must be one of mov, webm/,
		);
		expect(items[2].json.status).toBe('processing');
		expect(
			env.fake.requests.filter((r) => r.path === '/api/v1/video/submitTaskByUrl'),
		).toHaveLength(1);
	});

	it('without Continue On Fail, bad input in a later item stops the node before any paid call', async () => {
		const { error, items } = await env.run(
			{
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: '={{ $json.url }}',
				outputFormat: 'mov',
				waitForCompletion: false,
			},
			[{ json: { url: 'https://example.com/a.mp4' } }, { json: { url: 'not a url' } }],
		);
		expect(error?.message).toMatch(/Invalid "Video URL" in item 1/);
		expect(items).toHaveLength(0);
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Cutout.pro video preview', () => {
	it('creates a preview, waits, and returns frames with original and matted images', async () => {
		const { items, error } = await env.run({
			resource: 'video',
			operation: 'createPreview',
			videoUrl: 'https://cdn.example.com/clip.mp4',
			downloadFrames: true,
			...FAST_WAIT,
		});
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json.operation).toBe('video.createPreview');
		const frames = item.json.frames as Array<{
			time: number;
			mattedBinary: string;
			originalBinary: string;
		}>;
		expect(frames.map((f) => f.time)).toEqual([1.2, 2.3, 3.4]);
		expect(Object.keys(item.binary ?? {}).sort()).toEqual([
			'original_0',
			'original_1',
			'original_2',
			'preview_0',
			'preview_1',
			'preview_2',
		]);
		expect(sniff(await binaryBytes(item.binary?.[frames[1].mattedBinary]))).toBe('png');
		expect(sniff(await binaryBytes(item.binary?.[frames[1].originalBinary]))).toBe('jpeg');
		expect(
			env.fake.requests.find((r) => r.path === '/api/v1/video/submitVideoImagePreviewTaskByUrl')
				?.query,
		).toEqual({
			videoUrl: 'https://cdn.example.com/clip.mp4',
		});
	});

	it('Get Preview returns the frame list of a submitted preview task', async () => {
		const submitted = await env.run({
			resource: 'video',
			operation: 'createPreview',
			videoUrl: 'https://cdn.example.com/x.mp4',
			waitForCompletion: false,
		});
		const taskFlag = submitted.items[0].json.taskId as string;
		let last;
		for (let i = 0; i < 3; i++)
			last = await env.run({
				resource: 'video',
				operation: 'getPreview',
				taskFlag,
				downloadFrames: false,
			});
		expect(last!.items[0].json).toMatchObject({ status: 'done', taskId: taskFlag });
		expect((last!.items[0].json.frames as unknown[]).length).toBe(3);
		expect(last!.items[0].binary).toBeUndefined();
	});
});
