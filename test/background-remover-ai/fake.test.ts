/** The BackgroundRemoverAI fake (test/fakes/) checks what the real API checks. */
import { request } from 'undici';

import {
	startFakeBackgroundRemoverAi,
	type FakeBackgroundRemoverAi,
} from '../fakes/background-remover-ai';
import { FAULT } from '../fakes/faults';
import { postForm, download, formWith } from '../fakes/http-client';
import { makeJpeg, makeMp4, makePng, pngSize, sniff } from '../fakes/media';
import { useFake } from '../fakes/use-fake';

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
