/** The Cutout.pro fake (test/fakes/) checks what the real API checks. */
import { startFakeCutoutPro, type FakeCutoutPro } from '../fakes/cutout-pro';
import { FAULT } from '../fakes/faults';
import { getJson, postForm, download, formWith } from '../fakes/http-client';
import { makeJpeg, pngSize, sniff } from '../fakes/media';
import { useFake } from '../fakes/use-fake';

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
