import { FAULT } from '../fakes/faults';
import { bodyOf, pngItem, removeBackground, useFakeXimilar } from './setup';

const env = useFakeXimilar();

/** A URL the fake Ximilar cannot download (see test/fakes/faults.ts). */
const UNREACHABLE = `https://cdn.example.com/p3${FAULT.download}.jpg`;

/** Items 0–6 are PNGs of width 10+i; item 3 is a URL Ximilar cannot fetch. */
const sevenItems = Array.from({ length: 7 }, (_, i) =>
	i === 3 ? { json: { url: UNREACHABLE } } : { ...pngItem(10 + i, 20 + i, `p${i}.png`), json: {} },
);

const mixedInput = {
	...removeBackground,
	endpoint: 'precise',
	inputType: "={{ $json.url ? 'url' : 'binary' }}",
	imageUrl: '={{ $json.url }}',
	binaryPropertyName: 'data',
	options: { batchSize: 3 },
};

describe('Ximilar Remove Background: batches', () => {
	it('sends 7 items as 3 requests of 3, 3 and 1 records, each result paired with its item', async () => {
		const { items, error } = await env.run(mixedInput, sevenItems, true);
		expect(error).toBeUndefined();
		// batches run side by side, so they arrive in any order
		const sizes = env.calls().map((call) => bodyOf(call).records.length);
		expect(sizes.sort((a, b) => a - b)).toEqual([1, 3, 3]);
		const withBadUrl = env.calls().find((call) => JSON.stringify(call.body).includes(UNREACHABLE));
		expect(bodyOf(withBadUrl!).records).toHaveLength(3); // items 3, 4, 5
		expect(items).toHaveLength(7);
		expect(items.map((item) => item.pairedItem)).toEqual(sevenItems.map((_, item) => ({ item })));
		items.forEach((item, i) => {
			if (i === 3) return;
			// the fake reports each input PNG's own size: the right record reached the right item
			expect(item.json).toMatchObject({ width: 10 + i, height: 20 + i, dataContent: 'cutout' });
			expect(item.binary?.data.fileName).toBe(`p${i}-nobg.png`);
		});
		expect(items[3].json).toMatchObject({
			error: `Ximilar error 400: could not download image from ${UNREACHABLE}`,
			providerCode: 400,
			itemIndex: 3,
		});
		expect(items[3].binary).toBeUndefined();
		expect(new Set(items.map((item) => item.json.taskId)).size).toBe(7); // 6 ids + undefined
	});

	it("without Continue On Fail stops at the failed record with Ximilar's text", async () => {
		const { error, items } = await env.run(mixedInput, sevenItems);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(`Ximilar error 400: could not download image from ${UNREACHABLE}`);
		expect(error?.context?.itemIndex).toBe(3);
		// The six other records were processed (and paid for): the error says which, with their IDs.
		const workDone = error?.context?.workDone as Array<{ itemIndex: number; taskId?: string }>;
		expect(workDone.map((entry) => entry.itemIndex)).toEqual([0, 1, 2, 4, 5, 6]);
		for (const entry of workDone) expect(entry.taskId).toEqual(expect.any(String));
	});

	it('defaults to 10 records per request', async () => {
		const items = Array.from({ length: 12 }, (_, i) => ({
			json: { url: `https://cdn.example.com/${i}.jpg` },
		}));
		const { items: out } = await env.run(
			{ ...mixedInput, options: {}, downloadResult: false },
			items,
		);
		const bodies = env.calls().map(bodyOf);
		expect(bodies.map((body) => body.records.length).sort((a, b) => a - b)).toEqual([2, 10]);
		expect(bodies.find((body) => body.records.length === 10)?.records).toEqual(
			items.slice(0, 10).map(({ json }) => ({ _url: json.url })),
		);
		expect(out.map((item) => item.json.status)).toEqual(Array(12).fill('done'));
	});

	it('splits a batch whose items ask for different endpoints or formats', async () => {
		const items = ['precise', 'fast', 'precise', 'precise'].map((endpoint, i) => ({
			json: { endpoint, format: i === 3 ? 'jpg' : 'png', url: `https://cdn.example.com/${i}.jpg` },
		}));
		const { items: out, error } = await env.run(
			{
				...mixedInput,
				endpoint: '={{ $json.endpoint }}',
				imageOptions: { imageFormat: '={{ $json.format }}' },
				downloadResult: false,
				options: { batchSize: 4 },
			},
			items,
		);
		expect(error).toBeUndefined();
		// One request per endpoint and format (in flight together, so in any order).
		expect(
			env.calls().map((call) => [call.path, bodyOf(call).image_format, bodyOf(call).records]),
		).toEqual(
			expect.arrayContaining([
				[
					'/removebg/precise/removebg',
					'png',
					[{ _url: 'https://cdn.example.com/0.jpg' }, { _url: 'https://cdn.example.com/2.jpg' }],
				],
				['/removebg/fast/removebg', 'png', [{ _url: 'https://cdn.example.com/1.jpg' }]],
				['/removebg/precise/removebg', 'jpg', [{ _url: 'https://cdn.example.com/3.jpg' }]],
			]),
		);
		expect(env.calls()).toHaveLength(3);
		expect(out.map((item) => item.json.endpoint)).toEqual([
			'precise',
			'fast',
			'precise',
			'precise',
		]);
		expect(out.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it('fails every item of a batch whose whole request failed, and only those', async () => {
		env.fake().faults.add({
			match: (request) => request.path.endsWith('/removebg'),
			kind: {
				status: 500,
				body: { status: { code: 500, text: 'unknown error', error_description: 'GPU fell over' } },
			},
		});
		const items = Array.from({ length: 4 }, (_, i) => ({
			json: { url: `https://cdn.example.com/${i}.jpg` },
		}));
		const { items: out } = await env.run(
			{ ...mixedInput, downloadResult: false, options: { batchSize: 2, concurrency: 1 } },
			items,
			true,
		);
		expect(env.calls()).toHaveLength(2); // a 500 on paid work is not repeated
		expect(out.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		for (const item of out.slice(0, 2)) {
			expect(item.json).toMatchObject({
				error: 'Ximilar error 500: unknown error',
				httpCode: '500',
				providerCode: 500,
			});
			expect(item.json.description).toContain('GPU fell over');
			expect(item.json.description).toContain('item(s) 0, 1');
		}
		expect(out.slice(2).map((item) => item.json.status)).toEqual(['done', 'done']);
	});

	it('fails the batch when Ximilar returns a top-level status that is not 200 inside HTTP 200', async () => {
		env.fake().rewriteReply = (reply) => ({
			...reply,
			records: [],
			status: { code: 402, text: 'aborted by error', error_description: 'not enough credits' },
		});
		const { items } = await env.run(
			{ ...mixedInput, downloadResult: false },
			[
				{ json: { url: 'https://cdn.example.com/a.jpg' } },
				{ json: { url: 'https://cdn.example.com/b.jpg' } },
			],
			true,
		);
		expect(items.map((item) => item.json.error)).toEqual([
			'Ximilar error 402: aborted by error',
			'Ximilar error 402: aborted by error',
		]);
		expect(items[0].json.description).toContain('not enough credits');
	});

	it('refuses to pair results when Ximilar returns a different number of records', async () => {
		env.fake().rewriteReply = (reply) => ({ ...reply, records: reply.records.slice(1) });
		const { items } = await env.run(
			{ ...mixedInput, downloadResult: false },
			[
				{ json: { url: 'https://cdn.example.com/a.jpg' } },
				{ json: { url: 'https://cdn.example.com/b.jpg' } },
			],
			true,
		);
		expect(items).toHaveLength(2);
		for (const item of items) {
			expect(item.json.error).toBe('Ximilar returned 1 record(s) for 2 image(s) sent');
			expect(item.json.taskId).toBeUndefined();
		}
	});

	it('fails only the item whose result download failed, keeping its task id', async () => {
		// Every attempt at the first result file fails (a 500 on a read is retried).
		let failing: string | undefined;
		env.fake().faults.add({
			match: (request) => request.method === 'GET' && (failing ??= request.path) === request.path,
			kind: { status: 500 },
			times: 4,
		});
		const { items } = await env.run(
			mixedInput,
			[
				{ json: { url: 'https://cdn.example.com/a.jpg' } },
				{ json: { url: 'https://cdn.example.com/b.jpg' } },
			],
			true,
		);
		expect(items[0].json.error).toBe('Ximilar result file could not be downloaded (HTTP 500)');
		expect(items[0].json.taskId).toMatch(/^[0-9a-f-]{36}$/);
		expect(items[1].json.status).toBe('done');
		expect(items[1].binary?.data.mimeType).toBe('image/png');
	});
});
