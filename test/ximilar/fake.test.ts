/** The Ximilar fake (test/fakes/) checks what the real API checks. */
import { startFakeXimilar, type FakeXimilar } from '../fakes/ximilar';
import { FAULT } from '../fakes/faults';
import { postJson, download } from '../fakes/http-client';
import { makePng, pngSize, sniff } from '../fakes/media';
import { useFake } from '../fakes/use-fake';

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
