/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, never shipped: it uses node:stream and process.memoryUsage */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FormData, request } from 'undici';

import {
	startFakeBackgroundRemoverAi,
	type FakeBackgroundRemoverAi,
} from './fakes/background-remover-ai';
import { startFakeCutoutPro, type FakeCutoutPro } from './fakes/cutout-pro';
import { generatedSha256, startFakeServer, type FakeServer } from './fakes/fake-server';
import { FAULT } from './fakes/faults';
import { startFakeRunware, type FakeRunware } from './fakes/runware';
import { startFakeXimilar, type FakeXimilar } from './fakes/ximilar';
import { useFake } from './fakes/use-fake';
import {
	makeBmp,
	makeGif,
	makeJpeg,
	makeMov,
	makeMp4,
	makePng,
	makeWebm,
	makeWebp,
	pngSize,
	sniff,
} from './fakes/media';

type Json = Record<string, unknown> & { data?: Record<string, unknown> | unknown };

async function getJson(url: string, headers: Record<string, string> = {}) {
	const res = await request(url, { headers });
	return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Json };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, body: (await res.body.json()) as Json };
}

async function postForm(url: string, form: FormData, headers: Record<string, string> = {}) {
	const res = await request(url, { method: 'POST', headers, body: form });
	return {
		status: res.statusCode,
		headers: res.headers,
		bytes: Buffer.from(await res.body.arrayBuffer()),
	};
}

async function download(url: string): Promise<Buffer> {
	const res = await request(url);
	expect(res.statusCode).toBe(200);
	return Buffer.from(await res.body.arrayBuffer());
}

function formWith(
	fields: Record<string, string>,
	files: Array<[string, Buffer, string]> = [],
): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	for (const [name, bytes, filename] of files) form.append(name, new Blob([bytes]), filename);
	return form;
}

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

describe('media fixtures', () => {
	it('produce real, sniffable bytes', () => {
		expect(sniff(makePng(3, 2))).toBe('png');
		expect(pngSize(makePng(3, 2))).toEqual({ width: 3, height: 2 });
		expect(sniff(makeJpeg())).toBe('jpeg');
		expect(sniff(makeGif())).toBe('gif');
		expect(sniff(makeBmp())).toBe('bmp');
		expect(sniff(makeWebp())).toBe('webp');
		expect(sniff(makeMov())).toBe('mov');
		expect(sniff(makeMp4())).toBe('mp4');
		expect(sniff(makeWebm())).toBe('webm');
		expect(sniff(Buffer.from('hello world'))).toBe('unknown');
	});
});

describe('fake server framework', () => {
	const fake = useFake(
		async () =>
			await startFakeServer(async (ctx) => {
				if (ctx.req.path === '/echo')
					await ctx.json(200, { ok: true, fields: ctx.req.fields, body: ctx.req.body ?? null });
			}),
	);
	let server: FakeServer;
	beforeEach(() => (server = fake()));

	it('records JSON and urlencoded requests', async () => {
		await postJson(`${server.baseUrl}/echo?a=1&b=2&b=3`, { hello: 'world' }, { 'X-Custom': 'yes' });
		const res = await request(`${server.baseUrl}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'uuid=abc&x=1',
		});
		expect(await res.body.json()).toMatchObject({ fields: { uuid: ['abc'], x: ['1'] } });
		const [json] = server.requests;
		expect(json).toMatchObject({
			method: 'POST',
			path: '/echo',
			query: { a: '1', b: ['2', '3'] },
			body: { hello: 'world' },
		});
		expect(json.headers['x-custom']).toBe('yes');
	});

	it('parses multipart uploads as a stream, hashing files', async () => {
		const png = makePng(4, 4);
		await postForm(
			`${server.baseUrl}/echo`,
			formWith({ note: 'hi' }, [
				['files', png, 'a.png'],
				['files', makeJpeg(), 'b.jpg'],
			]),
		);
		const [req] = server.requests;
		expect(req.fields).toEqual({ note: ['hi'] });
		expect(req.files.map((f) => [f.field, f.filename, f.size])).toEqual([
			['files', 'a.png', png.length],
			['files', 'b.jpg', makeJpeg().length],
		]);
		expect(req.files[0].sha256).toBe(sha256(png));
		expect(sniff(req.files[0].head)).toBe('png');
	});

	it('streams a 50 MB multipart upload without buffering it', async () => {
		const size = 50 * 1024 * 1024;
		const chunk = Buffer.alloc(1024 * 1024, 7);
		const hash = createHash('sha256');
		for (let i = 0; i < 50; i++) hash.update(chunk);
		const boundary = 'XyZboundary123';
		async function* body() {
			yield Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
			);
			for (let i = 0; i < 50; i++) yield chunk;
			yield Buffer.from(`\r\n--${boundary}--\r\n`);
		}
		await request(`${server.baseUrl}/echo`, {
			method: 'POST',
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
			body: Readable.from(body()),
		});
		expect(server.requests[0].files[0]).toMatchObject({
			filename: 'big.bin',
			size,
			sha256: hash.digest('hex'),
		});
	});

	it('injects 429 with Retry-After, 5xx, and consumes faults', async () => {
		server.faults
			.add({ kind: { status: 429, retryAfter: 7 } })
			.add({ kind: { status: 503 }, match: (r) => r.path === '/echo' });
		const first = await getJson(`${server.baseUrl}/echo`);
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('7');
		expect((await getJson(`${server.baseUrl}/echo`)).status).toBe(503);
		expect((await getJson(`${server.baseUrl}/echo`)).status).toBe(200);
		expect(server.faults.remaining).toBe(0);
		expect(server.requests.map((r) => r.fault)).toEqual(['status-429', 'status-503', undefined]);
	});

	it('resets the connection, before or mid-body', async () => {
		server.faults.add({ kind: 'reset' });
		await expect(request(`${server.baseUrl}/echo`)).rejects.toThrow();
		server.faults.add({ kind: 'reset-mid-body' });
		const res = await request(`${server.baseUrl}/echo`);
		expect(res.statusCode).toBe(200);
		await expect(res.body.text()).rejects.toThrow();
	});

	it('serves malformed and truncated JSON, and delays', async () => {
		server.faults
			.add({ kind: 'malformed-json' })
			.add({ kind: 'truncated-json' })
			.add({ kind: { delayMs: 150 } });
		await expect((await request(`${server.baseUrl}/echo`)).body.json()).rejects.toThrow();
		const truncated = await (await request(`${server.baseUrl}/echo`)).body.text();
		expect(() => JSON.parse(truncated)).toThrow();
		expect(truncated.startsWith('{"ok":true')).toBe(true);
		const started = Date.now();
		await (await request(`${server.baseUrl}/echo`)).body.json();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('serves a generated 50 MB file without memory growth', async () => {
		const size = 50 * 1024 * 1024;
		const head = makeMp4();
		server.files.put('/big.mp4', { contentType: 'video/mp4', size, generate: true, head });
		const before = process.memoryUsage().rss;
		const res = await request(`${server.baseUrl}/big.mp4`);
		expect(res.headers['content-length']).toBe(String(size));
		const hash = createHash('sha256');
		let first: Buffer | undefined;
		for await (const chunk of res.body) {
			first ??= chunk as Buffer;
			hash.update(chunk as Buffer);
		}
		expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
		expect(sniff(first!)).toBe('mp4');
		expect(hash.digest('hex')).toBe(generatedSha256(size, head));
	});

	it('applies per-file faults: 404 and cut short', async () => {
		server.files.put('/gone.png', { contentType: 'image/png', body: makePng(1, 1), fault: 404 });
		expect((await request(`${server.baseUrl}/gone.png`)).statusCode).toBe(404);
		server.files.put('/cut.bin', {
			contentType: 'application/octet-stream',
			size: 1024 * 1024,
			generate: true,
			fault: 'cut-short',
			faultTimes: 1,
		});
		const cut = await request(`${server.baseUrl}/cut.bin`);
		expect(cut.headers['content-length']).toBe(String(1024 * 1024));
		await expect(cut.body.arrayBuffer()).rejects.toThrow();
		expect((await download(`${server.baseUrl}/cut.bin`)).length).toBe(1024 * 1024);
	});
});

describe('fault markers', () => {
	it('contain an underscore, which no hex token, UUID, item number or task ID the nodes generate contains', () => {
		for (const marker of Object.values(FAULT)) {
			expect(marker).toMatch(/^__[a-z-]+__$/);
			expect(`7afbad-0-${randomUUID()}`).not.toContain(marker);
		}
	});
});

describe('fake Cutout.pro', () => {
	const apiKey = 'cutout-key';
	const current = useFake(async () => await startFakeCutoutPro({ apiKey, pollsUntilDone: 2 }));
	let fake: FakeCutoutPro;
	beforeEach(() => (fake = current()));
	const api = (path: string, key = apiKey) => getJson(`${fake.apiUrl}${path}`, { APIKEY: key });

	it('rejects a missing or wrong APIKEY with 401', async () => {
		const res = await api('mySubscription', 'nope');
		expect(res.status).toBe(401);
		expect(res.body).toMatchObject({ code: 401, data: null, msg: 'Invalid APIKEY' });
		expect((await getJson(`${fake.apiUrl}mySubscription`)).status).toBe(401);
		expect((await api('mySubscription')).body).toMatchObject({
			code: 0,
			data: { monthBalance: 40, imageBalance: 2.5, videoBalance: 300 },
		});
	});

	it('answers injected faults in its own envelope, and reset() clears state', async () => {
		fake.faults.add({
			kind: { status: 429, retryAfter: 2 },
			match: (r) => r.path.endsWith('/mySubscription'),
		});
		const limited = await api('mySubscription');
		expect(limited).toMatchObject({
			status: 429,
			headers: { 'retry-after': '2' },
			body: { code: 429, data: null },
		});
		await api('video/submitTaskByUrl?videoUrl=https://x/a.mp4');
		const submissions = fake.state.videoSubmissions;
		fake.reset();
		expect(fake.state.videoTasks.size).toBe(0);
		expect(submissions).toEqual({});
		expect(fake.requests).toEqual([]);
	});

	it('runs a video task to done with a real mov result', async () => {
		const submit = await api(
			`video/submitTaskByUrl?videoUrl=${encodeURIComponent('https://x.test/in.mp4')}`,
		);
		expect(submit.body).toMatchObject({ code: 0, msg: null });
		const { taskFlag } = submit.body.data as { taskFlag: string };
		expect(taskFlag).toMatch(/^[0-9a-f]{32}$/);
		const polls = [];
		for (let i = 0; i < 3; i++)
			polls.push(
				(await api(`video/getTaskInfo?taskFlag=${taskFlag}`)).body.data as Record<string, string>,
			);
		expect(polls.map((p) => p.status)).toEqual(['processing', 'processing', 'done']);
		expect(polls[2].percentage).toBe('100');
		expect(sniff(await download(polls[2].resultUrl))).toBe('mov');
		expect(fake.state.videoSubmissions).toEqual({ 'https://x.test/in.mp4': 1 });
	});

	it('validates video parameters and ends videos marked FAULT.videoFails as failed', async () => {
		expect((await api('video/submitTaskByUrl')).body).toMatchObject({
			code: 1001,
			msg: expect.stringContaining('videoUrl'),
		});
		expect((await api('video/submitTaskByUrl?videoUrl=ftp://x/y')).body.code).toBe(1001);
		const bad = await api('video/submitTaskByUrl?videoUrl=https://x/y.mp4&outputFormat=mp4');
		expect(bad).toMatchObject({
			status: 200,
			body: { code: 1001, msg: expect.stringContaining('outputFormat') },
		});
		expect((await api('video/getTaskInfo?taskFlag=deadbeef')).body.code).not.toBe(0);
		const { taskFlag } = (
			await api(
				`video/submitTaskByUrl?videoUrl=https://x/clip${FAULT.videoFails}.mp4&outputFormat=webm`,
			)
		).body.data as { taskFlag: string };
		await api(`video/getTaskInfo?taskFlag=${taskFlag}`);
		await api(`video/getTaskInfo?taskFlag=${taskFlag}`);
		expect((await api(`video/getTaskInfo?taskFlag=${taskFlag}`)).body).toMatchObject({
			code: 0,
			data: { status: 'failed', failReason: 'Video decode error' },
		});
	});

	it('fails no task by chance: words like "fail" or "noface" in a URL are no fault marker', async () => {
		const { taskFlag } = (
			await api('video/submitTaskByUrl?videoUrl=https://x/7afail-0-noface.mp4&outputFormat=webm')
		).body.data as { taskFlag: string };
		const videoPolls = [];
		for (let i = 0; i < 3; i++)
			videoPolls.push((await api(`video/getTaskInfo?taskFlag=${taskFlag}`)).body.data);
		expect(videoPolls[2]).toMatchObject({ status: 'done' });
		const taskId = (
			await api('faceDriven/submitTaskByUrl?imageUrl=https://x/noface-fail.jpg&templateId=3')
		).body.data as number;
		const facePolls = [];
		for (let i = 0; i < 3; i++)
			facePolls.push((await api(`faceDriven/getTaskInfo?taskId=${taskId}`)).body.data);
		expect(facePolls[2]).toMatchObject({ status: 1 });
	});

	it('returns preview frames for preview tasks', async () => {
		const { taskFlag } = (
			await api('video/submitVideoImagePreviewTaskByUrl?videoUrl=https://x/a.gif')
		).body.data as { taskFlag: string };
		let data: {
			status: string;
			previewImage?: Array<{ time: number; image: string; matting: string }>;
		} = { status: '' };
		while (data.status !== 'done')
			data = (await api(`video/getTaskInfo?taskFlag=${taskFlag}`)).body.data as typeof data;
		expect(data.previewImage).toHaveLength(3);
		expect(sniff(await download(data.previewImage![0].image))).toBe('jpeg');
		expect(sniff(await download(data.previewImage![0].matting))).toBe('png');
	});

	it('runs Photo Animer tasks and enforces voiceUrl only with template 0', async () => {
		const voice = encodeURIComponent('https://x/v.mp3');
		expect(
			(
				await api(
					`faceDriven/submitTaskByUrl?imageUrl=https://x/f.jpg&templateId=2&voiceUrl=${voice}`,
				)
			).body,
		).toMatchObject({
			code: 1001,
			msg: expect.stringContaining('voiceUrl'),
		});
		expect(
			(await api('faceDriven/submitTaskByUrl?imageUrl=https://x/f.jpg&templateId=6')).body.code,
		).toBe(1001);
		expect(
			(
				await api(
					'faceDriven/submitTaskByUrl?imageUrl=https://x/f.jpg&templateId=1&outputFormat=mp4',
				)
			).body.code,
		).toBe(1001);
		const submit = await api(
			`faceDriven/submitTaskByUrl?imageUrl=https://x/f.jpg&templateId=0&voiceUrl=${voice}&outputFormat=gif`,
		);
		const taskId = submit.body.data as number;
		expect(typeof taskId).toBe('number');
		const statuses = [];
		let last: Record<string, unknown> = {};
		for (let i = 0; i < 3; i++) {
			last = (await api(`faceDriven/getTaskInfo?taskId=${taskId}`)).body.data as Record<
				string,
				unknown
			>;
			statuses.push(last.status);
		}
		expect(statuses).toEqual([0, 0, 1]);
		expect(sniff(await download(last.resultUrl as string))).toBe('mp4');
		expect(sniff(await download(last.gifUrl as string))).toBe('gif');
		const noface = (
			await api(
				`faceDriven/submitTaskByUrl?imageUrl=https://x/face${FAULT.noFace}.jpg&templateId=3`,
			)
		).body.data as number;
		for (let i = 0; i < 2; i++) await api(`faceDriven/getTaskInfo?taskId=${noface}`);
		expect((await api(`faceDriven/getTaskInfo?taskId=${noface}`)).body.data).toMatchObject({
			status: 2,
			failReason: 'No face detected',
		});
		expect(fake.state.faceTasks.get(taskId)).toMatchObject({ templateId: 0, outputFormat: 'gif' });
	});

	it('matting returns PNG bytes, matting2/mattingByUrl return base64, errors are JSON', async () => {
		const upload = () => formWith({}, [['file', makeJpeg(), 'p.jpg']]);
		const ok = await postForm(
			`${fake.apiUrl}matting?mattingType=6&preview=true&bgcolor=FF0000`,
			upload(),
			{ APIKEY: apiKey },
		);
		expect(ok.headers['content-type']).toBe('image/png');
		expect(pngSize(ok.bytes)!.width).toBeLessThanOrEqual(500);
		const bad = await postForm(`${fake.apiUrl}matting?mattingType=4`, upload(), { APIKEY: apiKey });
		expect(bad.headers['content-type']).toContain('application/json');
		expect(JSON.parse(bad.bytes.toString())).toMatchObject({
			code: 1001,
			msg: expect.stringContaining('mattingType'),
		});
		const notImage = await postForm(
			`${fake.apiUrl}matting?mattingType=6`,
			formWith({}, [['file', Buffer.from('text'), 'a.txt']]),
			{ APIKEY: apiKey },
		);
		expect(JSON.parse(notImage.bytes.toString()).code).toBe(1001);
		const two = await postForm(`${fake.apiUrl}matting2?mattingType=1&crop=true`, upload(), {
			APIKEY: apiKey,
		});
		expect(sniff(Buffer.from(JSON.parse(two.bytes.toString()).data.imageBase64, 'base64'))).toBe(
			'png',
		);
		const byUrl = await api('mattingByUrl?url=https://x/p.jpg&mattingType=2');
		expect(
			sniff(Buffer.from((byUrl.body.data as { imageBase64: string }).imageBase64, 'base64')),
		).toBe('png');
		expect(
			(await api('mattingByUrl?url=https://x/p.jpg&mattingType=2&bgcolor=%23FFFFFF')).body.code,
		).toBe(1001);
		expect(fake.state.mattings.map((m) => m.endpoint)).toEqual([
			'matting',
			'matting2',
			'mattingByUrl',
		]);
	});
});

describe('fake BackgroundRemoverAI', () => {
	const apiKey = 'brai-key';
	const current = useFake(
		async () => await startFakeBackgroundRemoverAi({ apiKey, pollsUntilDone: 2 }),
	);
	let fake: FakeBackgroundRemoverAi;
	beforeEach(() => (fake = current()));
	const convert = async (
		fields: Record<string, string>,
		files: Array<[string, Buffer, string]>,
		key = apiKey,
	) => {
		const res = await postForm(`${fake.apiUrl}convert/`, formWith(fields, files), {
			Authorization: key,
		});
		return {
			status: res.status,
			body: JSON.parse(res.bytes.toString()) as Record<string, unknown>,
		};
	};
	const results = async (uuid: string) =>
		(
			await request(`${fake.apiUrl}results/`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: apiKey },
				body: `uuid=${uuid}`,
			})
		).body.json() as Promise<{
			finished: boolean;
			queue_count: number;
			files: Array<{ url: string; filename: string }>;
			failed: string[];
			errors: string[];
		}>;

	it('requires the bare key in Authorization (no Bearer)', async () => {
		const image = makePng(8, 8);
		expect(
			(
				await convert(
					{ convert_to: 'image-backgroundremover' },
					[['files', image, 'a.png']],
					`Bearer ${apiKey}`,
				)
			).status,
		).toBe(401);
		const ok = await convert({ convert_to: 'image-backgroundremover' }, [
			['files', image, 'a.png'],
		]);
		expect(ok.status).toBe(200);
		expect(ok.body.uuid).toEqual(expect.any(String));
	});

	it('converts images: polls count down, then one output per input, bad ones failed', async () => {
		const { body } = await convert(
			{
				lang: 'en',
				convert_to: 'image-backgroundremover',
				model: 'u2net',
				alpha_matting: 'true',
				alpha_fg: '240',
				bg_type: 'color',
				bg_color_value: '#00ff00',
			},
			[
				['files', makeJpeg(), 'photo.jpeg'],
				['files', makePng(4, 4), `one${FAULT.unprocessable}.png`],
				['files', Buffer.from('not an image'), 'notes.txt'],
			],
		);
		const uuid = body.uuid as string;
		expect((await results(uuid)).queue_count).toBe(2);
		expect(await results(uuid)).toMatchObject({ finished: false, queue_count: 1 });
		const done = await results(uuid);
		expect(done).toMatchObject({
			finished: true,
			queue_count: 0,
			failed: [`one${FAULT.unprocessable}.png`, 'notes.txt'],
		});
		expect(done.errors).toHaveLength(2);
		expect(done.files).toEqual([
			{ url: `/media/results/${uuid}/photo.png`, filename: 'photo.png' },
		]);
		const png = await download(`${fake.baseUrl}${done.files[0].url}`);
		expect(pngSize(png)).toEqual({ width: 64, height: 48 });
		expect(fake.state.jobs.get(uuid)!.params).toMatchObject({ model: 'u2net', bg_type: 'color' });
	});

	it('fails no upload by chance: a generated name like 7afbad-0-x.jpg is processed', async () => {
		// the node prefixes uploads with 6 random hex characters, which spell "bad" now and then
		const { body } = await convert({ convert_to: 'image-backgroundremover' }, [
			['files', makeJpeg(), '7afbad-0-x.jpg'],
			['files', makeJpeg(), 'badfa1-1-fail.jpg'],
		]);
		let done = await results(body.uuid as string);
		while (!done.finished) done = await results(body.uuid as string);
		expect(done.failed).toEqual([]);
		expect(done.files.map((f) => f.filename)).toEqual(['7afbad-0-x.png', 'badfa1-1-fail.png']);
	});

	it('converts videos to the container of video_format', async () => {
		const { body } = await convert(
			{ convert_to: 'video-backgroundremover', video_format: 'mattekey', framerate: '30' },
			[['files', makeMp4(), 'clip.mp4']],
		);
		let res = await results(body.uuid as string);
		while (!res.finished) res = await results(body.uuid as string);
		expect(res.files[0].filename).toBe('clip.mp4');
		expect(sniff(await download(`${fake.baseUrl}${res.files[0].url}`))).toBe('mp4');
	});

	it.each([
		[{ convert_to: 'audio-backgroundremover' }, 'convert_to'],
		[{ convert_to: 'image-backgroundremover', model: 'u3net' }, 'model'],
		[{ convert_to: 'image-backgroundremover', alpha_fg: '256' }, 'alpha_fg'],
		[{ convert_to: 'image-backgroundremover', alpha_erode: '0' }, 'alpha_erode'],
		[{ convert_to: 'image-backgroundremover', bg_color_value: 'ffffff' }, 'bg_color_value'],
		[{ convert_to: 'image-backgroundremover', bg_type: 'image' }, 'bg_image'],
		[{ convert_to: 'video-backgroundremover', video_format: 'avi' }, 'video_format'],
		[{ convert_to: 'video-backgroundremover', framerate: '61' }, 'framerate'],
		[{ convert_to: 'video-backgroundremover', frame_limit: '0' }, 'frame_limit'],
	])('rejects %j with 400 naming %s', async (fields, param) => {
		const res = await convert(fields, [['files', makePng(2, 2), 'a.png']]);
		expect(res.status).toBe(400);
		expect(res.body.error).toContain(param);
	});

	it('rejects a convert without files and an unknown uuid', async () => {
		expect((await convert({ convert_to: 'image-backgroundremover' }, [])).status).toBe(400);
		const res = await request(`${fake.apiUrl}results/`, {
			method: 'POST',
			headers: { authorization: apiKey },
			body: formWith({ uuid: 'nope' }),
		});
		expect(res.statusCode).toBe(404);
		await res.body.dump();
	});

	it('refuses results/ without the key, like convert/', async () => {
		const res = await request(`${fake.apiUrl}results/`, {
			method: 'POST',
			body: formWith({ uuid: 'nope' }),
		});
		expect(res.statusCode).toBe(401);
		expect(await res.body.json()).toEqual({ error: 'Invalid API key' });
	});
});

describe('fake Ximilar', () => {
	const apiKey = 'xim-key';
	const current = useFake(async () => await startFakeXimilar({ apiKey, maxRecordsPerRequest: 3 }));
	let fake: FakeXimilar;
	beforeEach(() => (fake = current()));
	const removebg = (body: unknown, key = `Token ${apiKey}`, endpoint = 'precise') =>
		postJson(`${fake.apiUrl}${endpoint}/removebg`, body, { Authorization: key });
	type Rec = Record<string, unknown> & { _status: { code: number; text: string } };

	it('requires Authorization: Token <key>', async () => {
		const res = await removebg({ records: [{ _url: 'https://x/a.jpg' }] }, `Bearer ${apiKey}`);
		expect(res).toEqual({ status: 401, body: { status: { code: 401, text: 'Unauthorized' } } });
	});

	it('mixes succeeded and failed records in one HTTP 200, stripping _base64', async () => {
		const png = makePng(30, 20);
		const res = await removebg(
			{
				records: [
					{ _base64: `data:image/png;base64,${png.toString('base64')}`, note: 'keep me' },
					{ _url: `https://x/a${FAULT.download}.jpg` },
					{ _base64: Buffer.from('plain text').toString('base64') },
				],
			},
			undefined,
			'fast',
		);
		expect(res.status).toBe(200);
		expect(res.body.status).toMatchObject({ code: 200, text: 'OK' });
		expect(res.body.statistics).toHaveProperty(['processing time']);
		const [good, badUrl, notImage] = res.body.records as Rec[];
		expect(good).toMatchObject({
			_status: { code: 200, text: 'OK' },
			note: 'keep me',
			_width: 30,
			_height: 20,
		});
		expect(good).not.toHaveProperty('_base64');
		expect(pngSize(await download(good._output_url as string))).toEqual({ width: 30, height: 20 });
		expect(badUrl._status.code).toBe(400);
		expect(badUrl._url).toBe(`https://x/a${FAULT.download}.jpg`);
		expect(notImage._status.code).toBe(400);
		expect(notImage).not.toHaveProperty('_base64');
		expect(fake.state.processed).toEqual({ fast: 1 });
	});

	it('fails no record by chance: "bad" in a URL is no fault marker', async () => {
		const res = await removebg({ records: [{ _url: 'https://x/7afbad-0-bad.jpg' }] });
		expect((res.body.records as Rec[]).map((r) => r._status.code)).toEqual([200]);
	});

	it('returns the mask instead of the cut-out with binary_mask, plus a white background jpg', async () => {
		const res = await removebg({
			records: [{ _url: 'https://x/a.jpg', binary_mask: true, white_background: true }],
			image_format: 'webp',
			image_quality: 90,
		});
		const [rec] = res.body.records as Rec[];
		expect(rec).not.toHaveProperty('_output_url');
		expect(sniff(await download(rec._output_url_mask as string))).toBe('webp');
		expect(sniff(await download(rec._output_url_whitebg as string))).toBe('jpeg');
		const plain = (
			(await removebg({ records: [{ _url: 'https://x/a.jpg' }], image_format: 'jpg' })).body
				.records as Rec[]
		)[0];
		expect(sniff(await download(plain._output_url as string))).toBe('jpeg');
	});

	it.each([
		[{ records: [] }, 'records'],
		[{}, 'records'],
		[
			{
				records: [
					{ _url: 'https://x/1' },
					{ _url: 'https://x/2' },
					{ _url: 'https://x/3' },
					{ _url: 'https://x/4' },
				],
			},
			'at most 3',
		],
		[{ records: [{ _url: 'https://x/1' }], image_format: 'gif' }, 'image_format'],
		[{ records: [{ _url: 'https://x/1' }], image_quality: 101 }, 'image_quality'],
	])('rejects %j with HTTP 400', async (body, text) => {
		const res = await removebg(body);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body.status)).toContain(text);
	});

	it('rejects records with both or neither image source', async () => {
		const res = await removebg({
			records: [
				{ _url: 'https://x/a.jpg', _base64: makePng(1, 1).toString('base64') },
				{ binary_mask: true },
			],
		});
		expect((res.body.records as Rec[]).map((r) => r._status.code)).toEqual([400, 400]);
	});
});

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
