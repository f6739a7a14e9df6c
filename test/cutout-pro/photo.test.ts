import { binaryBytes } from '../harness/n8n';
import { FAULT } from '../fakes/faults';
import { sniff } from '../fakes/media';
import { FAST_WAIT, useFakeCutoutPro } from './setup';

const env = useFakeCutoutPro({ pollsUntilDone: 1 });

describe('Cutout.pro Photo Animer', () => {
	it('animates with a template as GIF, waits, and downloads the GIF', async () => {
		const { items, error } = await env.run({
			resource: 'photo',
			operation: 'animate',
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: 3,
			outputFormat: 'gif',
			...FAST_WAIT,
		});
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json).toMatchObject({
			provider: 'cutoutPro',
			operation: 'photo.animate',
			status: 'done',
			cost: 6.75,
			costUnit: 'video seconds',
		});
		expect(item.json.gifUrl).toMatch(/\.gif$/);
		expect(item.json.videoUrl).toMatch(/\.mp4$/);
		expect(item.binary?.data.mimeType).toBe('image/gif');
		expect(sniff(await binaryBytes(item.binary?.data))).toBe('gif');
		const submit = env.fake.requests.find((r) => r.path === '/api/v1/faceDriven/submitTaskByUrl')!;
		expect(submit.query).toEqual({
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: '3',
			outputFormat: 'gif',
		});
	});

	it('sends the voice with template 0 and makes an MP4', async () => {
		const { items } = await env.run({
			resource: 'photo',
			operation: 'animate',
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: 0,
			voiceUrl: 'https://cdn.example.com/hello.mp3',
			outputFormat: 'mp4',
			...FAST_WAIT,
		});
		expect(items[0].binary?.data.mimeType).toBe('video/mp4');
		expect(sniff(await binaryBytes(items[0].binary?.data))).toBe('mp4');
		expect(
			env.fake.requests.find((r) => r.path === '/api/v1/faceDriven/submitTaskByUrl')!.query,
		).toMatchObject({
			templateId: '0',
			voiceUrl: 'https://cdn.example.com/hello.mp3',
		});
	});

	it('refuses a voice with a template other than 0 before any call', async () => {
		const { error } = await env.run({
			resource: 'photo',
			operation: 'animate',
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: 2,
			voiceUrl: 'https://cdn.example.com/hello.mp3',
			outputFormat: 'mp4',
			waitForCompletion: false,
		});
		expect(error?.message).toBe(
			'Invalid "Voice URL" in item 0: a voice is only accepted with template 0, not template 2',
		);
		expect(env.fake.requests).toHaveLength(0);
	});

	it('maps status 0/1 to processing/done in Get Task, and status 2 to an error with the reason', async () => {
		const good = await env.run({
			resource: 'photo',
			operation: 'animate',
			imageUrl: 'https://x.example/face.png',
			templateId: 1,
			outputFormat: 'mp4',
			waitForCompletion: false,
		});
		const taskId = good.items[0].json.taskId as string;
		expect(taskId).toMatch(/^\d+$/);
		const first = await env.run({
			resource: 'photo',
			operation: 'getTask',
			taskId,
			downloadResult: false,
		});
		const second = await env.run({
			resource: 'photo',
			operation: 'getTask',
			taskId,
			downloadResult: false,
		});
		expect([first.items[0].json.status, second.items[0].json.status]).toEqual([
			'processing',
			'done',
		]);

		const bad = await env.run({
			resource: 'photo',
			operation: 'animate',
			imageUrl: `https://x.example/portrait${FAULT.noFace}.png`,
			templateId: 1,
			outputFormat: 'mp4',
			waitForCompletion: false,
		});
		const badId = bad.items[0].json.taskId as string;
		await env.run({ resource: 'photo', operation: 'getTask', taskId: badId });
		const failed = await env.run(
			{ resource: 'photo', operation: 'getTask', taskId: badId },
			[{ json: {} }],
			true,
		);
		expect(failed.items[0].json.error).toBe(
			`Cutout.pro Photo Animer task ${badId} failed: No face detected`,
		);
		expect(failed.items[0].json.taskId).toBe(badId);
	});

	it('shows the provider code and message for an unknown task', async () => {
		const { error } = await env.run({ resource: 'photo', operation: 'getTask', taskId: '999' });
		expect(error?.message).toBe('Cutout.pro error 1004: taskId not found: 999');
	});
});
