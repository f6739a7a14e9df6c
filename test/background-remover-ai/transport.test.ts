import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { makePng } from '../fakes/media';
import {
	API_KEY,
	binaryItem,
	CONVERT,
	IMAGE_PARAMS,
	isPath,
	replyFault,
	requestsTo,
	RESULTS,
	useFakeBrai,
} from './setup';

const env = useFakeBrai({ pollsUntilDone: 0 });

const image = IMAGE_PARAMS;
const png = () => [binaryItem(makePng(4, 4), 'p.png', 'image/png')];

describe('BackgroundRemoverAI transport: provider errors', () => {
	it('shows the provider message of an HTTP 400 {error} and does not repeat the submission', async () => {
		env.fake.faults.add({
			match: isPath(CONVERT),
			kind: replyFault(400, { error: 'Not enough credits for 1 file' }),
		});
		const { error, items } = await env.run(image, png());
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('BackgroundRemoverAI error 400: Not enough credits for 1 file');
		expect((error as { httpCode?: string }).httpCode).toBe('400');
		expect(requestsTo(env.fake, CONVERT)).toHaveLength(1);
		expect(env.fake.state.jobs.size).toBe(0);
	});

	it('treats an HTTP 200 reply with {error} as an error too (the provider samples check for it)', async () => {
		env.fake.faults.add({
			match: isPath(CONVERT),
			kind: replyFault(200, { error: 'File too large' }),
		});
		const { items } = await env.run(image, png(), true);
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					error: 'BackgroundRemoverAI error 200: File too large',
					itemIndex: 0,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names a wrong API key, with the HTTP status and a hint', async () => {
		const { error } = await env.runWithKey('wrong-key-123', image, png());
		expect(error?.message).toBe('BackgroundRemoverAI error 401: Invalid API key');
		expect(error?.description).toMatch(/HTTP 401\)\. Check the API key/);
		expect(requestsTo(env.fake, CONVERT)[0].headers.authorization).toBe('wrong-key-123');
	});

	it('never shows the API key, even when the provider echoes it back', async () => {
		env.fake.faults.add({
			match: isPath(CONVERT),
			times: 2,
			kind: replyFault(400, { error: `Key ${API_KEY} is suspended` }),
		});
		const failed = await env.run(image, png());
		const continued = await env.run(image, png(), true);
		expect(failed.error?.message).toBe('BackgroundRemoverAI error 400: Key *** is suspended');
		const everything = JSON.stringify([failed.error, continued.items, continued.run]);
		expect(everything).not.toContain(API_KEY);
	});

	it('reports a reply that is not the documented shape', async () => {
		env.fake.faults.add({ match: isPath(CONVERT), kind: 'malformed-json' });
		const { error } = await env.run(image, png());
		expect(error?.message).toBe(
			'BackgroundRemoverAI sent a reply that is not a valid API response',
		);
	});
});

describe('BackgroundRemoverAI transport: retries', () => {
	it('retries the submission after a 503 (not taken) and then succeeds with one conversion', async () => {
		env.fake.faults.add({ match: isPath(CONVERT), kind: { status: 503 } });
		const { items, error } = await env.run(image, png());
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('done');
		expect(requestsTo(env.fake, CONVERT).map((r) => r.fault)).toEqual(['status-503', undefined]);
		// the file was streamed again, whole, on the second attempt
		const [first, second] = requestsTo(env.fake, CONVERT);
		expect(second.files[0].sha256).toBe(first.files[0].sha256);
		expect(second.files[0].size).toBe(makePng(4, 4).length);
		expect(env.fake.state.jobs.size).toBe(1);
	});

	it('does not repeat a submission after an ambiguous 502 (it may have started paid work)', async () => {
		env.fake.faults.add({ match: isPath(CONVERT), kind: { status: 502 } });
		const { error } = await env.run(image, png());
		expect(error?.message).toBe('BackgroundRemoverAI error 502: Injected server error');
		expect(requestsTo(env.fake, CONVERT)).toHaveLength(1);
	});

	it('repeats results/ polls through 502, 504 and a reset connection', async () => {
		const match = isPath(RESULTS);
		for (const kind of [{ status: 502 as const }, { status: 504 as const }, 'reset' as const])
			env.fake.faults.add({ match, kind });
		const { items, error } = await env.run(image, png());
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('done');
		expect(requestsTo(env.fake, RESULTS)).toHaveLength(4);
	});

	it('downloads a result file again when the transfer is cut short', async () => {
		const { items } = await env.run(
			{
				resource: 'video',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				model: 'u2net',
				alphaMatting: false,
				videoFormat: 'gif',
				waitForCompletion: false,
			},
			[binaryItem(Buffer.from('GIF89a-not-really'), 'a.gif', 'image/gif')],
		);
		const uuid = items[0].json.taskId as string;
		const path = `/media/results/${uuid}/a.gif`;
		// the first results/ call creates the file; cut its first download short
		await env.run({
			resource: 'conversion',
			operation: 'getResult',
			conversionId: uuid,
			downloadResult: false,
		});
		const file = env.fake.files.get(path)!;
		env.fake.files.put(path, { ...file, fault: 'cut-short', faultTimes: 1 });
		const { items: done, error } = await env.run({
			resource: 'conversion',
			operation: 'getResult',
			conversionId: uuid,
			downloadResult: true,
		});
		expect(error).toBeUndefined();
		expect(done[0].binary?.data.mimeType).toBe('image/gif');
		expect(env.fake.requests.filter((r) => r.path === path).map((r) => r.fault)).toEqual([
			'file-cut-short',
			undefined,
		]);
	});
});

describe('BackgroundRemoverAI credential', () => {
	const credential = new BackgroundRemoverAiApi();

	it('authenticates with the bare key in Authorization and defaults to the real host', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '={{$credentials.apiKey}}' } },
		});
		expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://api.backgroundremoverai.com',
		);
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions).toEqual({
			password: true,
		});
	});

	it('tests the key with a file-less convert/ request that cannot create work', () => {
		expect(credential.test.request).toMatchObject({ method: 'POST', url: '/convert/' });
		expect(credential.test.request).not.toHaveProperty('body.convert_to');
	});
});
