/** The Runware fake (test/fakes/) checks what the real API checks. */
import { randomUUID } from 'node:crypto';

import { startFakeRunware, type FakeRunware } from '../fakes/runware';
import { FAULT } from '../fakes/faults';
import { postJson, download } from '../fakes/http-client';
import { makeJpeg, makePng, sniff } from '../fakes/media';
import { useFake } from '../fakes/use-fake';

describe('fake Runware', () => {
	const apiKey = 'rw-key';
	const current = useFake(async () => await startFakeRunware({ apiKey }));
	let fake: FakeRunware;
	beforeEach(() => (fake = current()));
	const run = (tasks: unknown, key = `Bearer ${apiKey}`) =>
		postJson(fake.apiUrl, tasks, { Authorization: key });
	const task = (extra: Record<string, unknown> = {}) => ({
		taskType: 'removeBackground',
		taskUUID: randomUUID(),
		model: 'runware:112@1',
		inputs: { image: `data:image/png;base64,${makePng(4, 4).toString('base64')}` },
		...extra,
	});
	type Item = Record<string, unknown>;

	it('requires Bearer auth and a JSON array', async () => {
		const noAuth = await run([task()], apiKey);
		expect(noAuth.status).toBe(401);
		expect(noAuth.body.errors).toEqual([expect.objectContaining({ code: 'invalidApiKey' })]);
		expect((await run(task())).status).toBe(400);
		expect((await run([])).status).toBe(400);
	});

	it('returns each output type with real bytes and cost', async () => {
		const png = task({
			outputType: 'URL',
			outputFormat: 'PNG',
			includeCost: true,
			settings: { rgba: [255, 0, 0, 0.5], alphaMatting: true, alphaMattingErodeSize: 11 },
		});
		const jpg = task({
			outputType: 'base64Data',
			outputFormat: 'JPG',
			outputQuality: 90,
			inputs: { image: 'https://x/in.jpg' },
		});
		const webp = task({
			outputType: 'dataURI',
			outputFormat: 'WEBP',
			inputs: { image: randomUUID() },
		});
		const legacy = {
			taskType: 'imageBackgroundRemoval',
			taskUUID: randomUUID(),
			inputImage: makeJpeg().toString('base64'),
			returnOnlyMask: true,
		};
		const res = await run([png, jpg, webp, legacy]);
		expect(res.status).toBe(200);
		expect(res.body).not.toHaveProperty('errors');
		const [a, b, c, d] = res.body.data as Item[];
		expect(a).toMatchObject({
			taskType: 'removeBackground',
			taskUUID: png.taskUUID,
			imageUUID: expect.any(String),
			cost: expect.any(Number),
		});
		expect(sniff(await download(a.imageURL as string))).toBe('png');
		expect(sniff(Buffer.from(b.imageBase64Data as string, 'base64'))).toBe('jpeg');
		expect(b).not.toHaveProperty('cost');
		expect(c.imageDataURI).toMatch(/^data:image\/webp;base64,/);
		expect(d).toMatchObject({ taskType: 'imageBackgroundRemoval', taskUUID: legacy.taskUUID });
	});

	it('reports per-task errors next to good tasks', async () => {
		const good = task();
		const bad = [
			task({ model: undefined }),
			task({ model: 'runware:999@1' }),
			task({ taskUUID: 'not-a-uuid' }),
			task({ outputQuality: 100 }),
			task({ outputFormat: 'GIF' }),
			task({ settings: { alphaMattingForegroundThreshold: 0 } }),
			task({ settings: { rgba: [255, 0, 0, 2] } }),
			task({ inputs: { image: Buffer.from('text').toString('base64') } }),
			task({ includeCost: 'yes' }),
			task({ taskType: 'imageInference' }),
		];
		const res = await run([good, ...bad]);
		expect(res.status).toBe(200);
		expect((res.body.data as Item[]).map((d) => d.taskUUID)).toEqual([good.taskUUID]);
		const errors = res.body.errors as Item[];
		expect(errors.map((e) => e.parameter)).toEqual([
			'model',
			'model',
			'taskUUID',
			'outputQuality',
			'outputFormat',
			'settings.alphaMattingForegroundThreshold',
			'settings.rgba',
			'inputs.image',
			'includeCost',
			'taskType',
		]);
		expect(errors[0]).toMatchObject({
			code: 'missingModel',
			taskType: 'removeBackground',
			taskUUID: bad[0].taskUUID,
			message: expect.any(String),
		});
		expect(fake.state.tasks.filter((t) => t.ok)).toHaveLength(1);
	});

	it('fails and loses no task by chance: "bad" or "lost" in a URL is no fault marker', async () => {
		const tasks = [
			task({ inputs: { image: 'https://x/7afbad-0-x.jpg' } }),
			task({ inputs: { image: 'https://x/lost-and-found.jpg' } }),
		];
		const res = await run(tasks);
		expect(res.status).toBe(200);
		expect(res.body.errors).toBeUndefined();
		expect((res.body.data as Item[]).map((d) => d.taskUUID)).toEqual(tasks.map((t) => t.taskUUID));
	});

	it('honours its explicit fault markers', async () => {
		const failing = task({ inputs: { image: `https://x/a${FAULT.download}.jpg` } });
		const lost = task({ inputs: { image: `https://x/b${FAULT.noReply}.jpg` } });
		const good = task();
		const res = await run([failing, lost, good]);
		expect((res.body.data as Item[]).map((d) => d.taskUUID)).toEqual([good.taskUUID]);
		expect((res.body.errors as Item[]).map((e) => e.taskUUID)).toEqual([failing.taskUUID]);
	});

	it('rejects duplicate taskUUIDs in one request', async () => {
		const one = task();
		const res = await run([one, { ...one }]);
		expect(res.status).toBe(400);
		expect((res.body.errors as Item[]).map((e) => e.code)).toEqual([
			'duplicateTaskUUID',
			'duplicateTaskUUID',
		]);
	});
});
