import type { IDataObject } from 'n8n-workflow';

import { FAULT } from '../fakes/faults';
import { makePng, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import {
	API_KEY,
	BINARY,
	byUrl,
	pngItem,
	submissions,
	tasksOf,
	useFakeRunware,
	UUID_V4,
} from './setup';

const env = useFakeRunware();

/** URLs the fake cannot download, and one whose task it "loses" (see test/fakes/faults.ts). */
const unreachable = (name: string) => `https://cdn.example.com/${name}${FAULT.download}.png`;
const LOST = `https://cdn.example.com/b${FAULT.noReply}.png`;

const fromJson = {
	inputType: '={{ $json.input }}',
	imageUrl: '={{ $json.url }}',
	imageUuid: '={{ $json.uuid }}',
};
const urlItem = (url: string) => ({ json: { input: 'url', url } });
const isSubmission = (r: { method: string; path: string }) =>
	r.method === 'POST' && r.path === '/v1';

describe('Runware batches', () => {
	it('sends good and bad items in one request and matches replies and per-task errors by taskUUID', async () => {
		const items = [
			{ ...pngItem('a.png'), json: { input: 'binary' } },
			urlItem(unreachable('b')), // the fake fails to download it
			{ json: { input: 'uuid', uuid: 'fd613011-3872-4f37-b4aa-0d343c051a27' } },
			{
				json: { input: 'binary' },
				binary: {
					data: { data: Buffer.from('not an image'), fileName: 'd.png', mimeType: 'image/png' },
				},
			},
			urlItem('https://cdn.example.com/e.png'),
		];
		const { items: out, error } = await env.run({ ...BINARY, ...fromJson }, items, true);
		expect(error).toBeUndefined();

		// Item 3 failed its input check: the other four went out together, each with its own UUID v4.
		expect(submissions(env.fake)).toHaveLength(1);
		const tasks = tasksOf(submissions(env.fake)[0]);
		expect(tasks).toHaveLength(4);
		const uuids = tasks.map((t) => t.taskUUID as string);
		for (const uuid of uuids) expect(uuid).toMatch(UUID_V4);
		expect(new Set(uuids).size).toBe(4);
		expect(tasks.map((t) => (t.inputs as IDataObject).image)).toEqual([
			expect.stringMatching(/^data:image\/png;base64,/),
			unreachable('b'),
			'fd613011-3872-4f37-b4aa-0d343c051a27',
			'https://cdn.example.com/e.png',
		]);

		expect(out).toHaveLength(5);
		expect(out.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const taskIdOf = (position: number) => out[position].json.taskId;
		expect([taskIdOf(0), taskIdOf(1), taskIdOf(2), taskIdOf(4)]).toEqual(uuids);
		expect(out[0].binary?.data.fileName).toBe('a-nobg.png');
		expect(out[2].json.imageUUID).toEqual(expect.stringMatching(UUID_V4));
		expect(out[4].binary?.data.fileName).toBe('e-nobg.png');
		for (const position of [0, 2, 4]) expect(out[position].json.error).toBeUndefined();

		expect(out[1].binary).toBeUndefined();
		expect(out[1].json).toMatchObject({
			error: `Runware error invalidImage: failed to download image from ${unreachable('b')} (parameter "inputs.image")`,
			providerCode: 'invalidImage',
			taskId: uuids[1],
			itemIndex: 1,
		});
		expect(out[1].json.description).toContain(`Task ${uuids[1]} of item 1 was rejected`);
		expect(out[3].json.error).toMatch(
			/Invalid "Input Binary Field" in item 3: "d.png" is not a supported image/,
		);
	});

	it('gives each task that gets neither a result nor an error its own error', async () => {
		const items = [urlItem('https://cdn.example.com/a.png'), urlItem(LOST)];
		const { items: out } = await env.run(fromJson, items, true);
		const [sent] = submissions(env.fake).map(tasksOf);
		expect(out[0].binary?.data.mimeType).toBe('image/png');
		expect(out[1].json).toMatchObject({
			error: `Runware returned neither a result nor an error for task ${sent[1].taskUUID}`,
			taskId: sent[1].taskUUID,
		});
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('maps per-task errors when every task of a request failed (HTTP 400)', async () => {
		const items = [urlItem(unreachable('one')), urlItem(unreachable('two'))];
		const { items: out } = await env.run(fromJson, items, true);
		expect(submissions(env.fake)).toHaveLength(1);
		expect(out.map((i) => i.json.error)).toEqual([
			expect.stringContaining(`failed to download image from ${unreachable('one')}`),
			expect.stringContaining(`failed to download image from ${unreachable('two')}`),
		]);
		expect(out.map((i) => i.json.httpCode)).toEqual(['400', '400']);
	});

	it('shows the code, message and parameter of a task error, and stops without Continue On Fail', async () => {
		// runware:112@4 is a well-formed AIR ID that Runware does not serve
		const { error, items } = await env.run({
			...byUrl('https://cdn.example.com/a.png'),
			model: 'runware:112@4',
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(
			/^Runware error invalidModel: model must be one of .* \(parameter "model"\)$/,
		);
		expect((error as { httpCode?: string }).httpCode).toBe('400');
	});

	it('splits items into requests of Batch Size tasks', async () => {
		const items = Array.from({ length: 5 }, (_, i) => urlItem(`https://cdn.example.com/${i}.png`));
		const { items: out, error } = await env.run(
			{ ...fromJson, options: { batchSize: 2, concurrency: 1 } },
			items,
		);
		expect(error).toBeUndefined();
		const sent = submissions(env.fake).map(tasksOf);
		expect(sent.map((tasks) => tasks.length)).toEqual([2, 2, 1]);
		expect(sent.flat().map((t) => (t.inputs as IDataObject).image)).toEqual(
			items.map((i) => i.json.url),
		);
		expect(new Set(sent.flat().map((t) => t.taskUUID)).size).toBe(5);
		expect(out.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(out.map((i) => i.json.taskId)).toEqual(sent.flat().map((t) => t.taskUUID));
		for (const item of out) expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');
	});

	it('rejects a bad Batch Size before any request', async () => {
		const { error } = await env.run({
			...byUrl('https://cdn.example.com/a.png'),
			options: { batchSize: 0 },
		});
		expect(error?.message).toMatch(
			/Invalid "Batch Size" in item 0: must be a whole number from 1 to 50/,
		);
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Runware request failures', () => {
	const two = [urlItem('https://cdn.example.com/a.png'), urlItem('https://cdn.example.com/b.png')];

	it('shows a wrong API key clearly, for every item of the request', async () => {
		const { error } = await env.runWithKey('wrong-key-123', byUrl('https://cdn.example.com/a.png'));
		expect(error?.message).toBe(
			'Runware error invalidApiKey: Invalid API key. Send it as Authorization: Bearer <key>.',
		);
		expect((error as { httpCode?: string }).httpCode).toBe('401');
		expect(error?.description).toMatch(/Check the API key of the Runware credential/);

		const continued = await env.runWithKey('wrong-key-123', fromJson, two, true);
		expect(
			continued.items.map((i) => [i.pairedItem, i.json.providerCode, i.json.httpCode]),
		).toEqual([
			[{ item: 0 }, 'invalidApiKey', '401'],
			[{ item: 1 }, 'invalidApiKey', '401'],
		]);
		expect(submissions(env.fake)).toHaveLength(2);
	});

	it('does not repeat a submission after a 502 (the tasks may be running and paid for)', async () => {
		env.fake.faults.add({ match: isSubmission, kind: { status: 502 } });
		const { items, error } = await env.run(fromJson, two, true);
		expect(error).toBeUndefined();
		expect(submissions(env.fake)).toHaveLength(1);
		expect(items.map((i) => i.json.error)).toEqual([
			'Runware error serverError: Injected server error',
			'Runware error serverError: Injected server error',
		]);
		expect(items.map((i) => i.json.httpCode)).toEqual(['502', '502']);
	});

	it('does not repeat a submission whose connection was reset', async () => {
		env.fake.faults.add({ match: isSubmission, kind: 'reset' });
		const { error } = await env.run(byUrl('https://cdn.example.com/a.png'));
		expect(error?.message).toMatch(/^Runware could not be reached: the connection was reset/);
		expect(error?.description).toMatch(/was not repeated/);
		expect(submissions(env.fake)).toHaveLength(1);
	});

	it('repeats a submission refused with 503, with the same tasks', async () => {
		env.fake.faults.add({ match: isSubmission, kind: { status: 503 } });
		const { items, error } = await env.run(fromJson, two);
		expect(error).toBeUndefined();
		const [refused, accepted] = submissions(env.fake);
		expect(submissions(env.fake)).toHaveLength(2);
		expect(refused.fault).toBe('status-503');
		expect(accepted.body).toEqual(refused.body);
		expect(env.fake.state.tasks).toHaveLength(2);
		expect(items.map((i) => i.binary?.data.mimeType)).toEqual(['image/png', 'image/png']);
	});

	it('reports a malformed reply as such', async () => {
		env.fake.faults.add({ match: isSubmission, kind: 'malformed-json' });
		const { error } = await env.run(byUrl('https://cdn.example.com/a.png'));
		expect(error?.message).toBe('Runware sent a reply that is not a valid API response');
		expect(submissions(env.fake)).toHaveLength(1);
	});

	it('fails only the item whose result file cannot be downloaded', async () => {
		// Every attempt at the first result file fails (a 500 on a read is retried).
		let failing: string | undefined;
		env.fake.faults.add({
			match: (r) => r.method === 'GET' && (failing ??= r.path) === r.path,
			kind: { status: 500 },
			times: 4,
		});
		const { items, error } = await env.run(fromJson, two, true);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const failed = items.filter((i) => i.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toBe('Runware result file could not be downloaded (HTTP 500)');
		expect(items.filter((i) => i.binary?.data.mimeType === 'image/png')).toHaveLength(1);
		expect(submissions(env.fake)).toHaveLength(1);
	});

	it('never shows the API key, even when Runware echoes it back', async () => {
		const echo = {
			errors: [{ code: 'serverError', message: `key ${API_KEY} is suspended`, parameter: API_KEY }],
		};
		env.fake.faults.add({ match: isSubmission, times: 2, kind: { status: 500, body: echo } });
		const failed = await env.run(byUrl('https://cdn.example.com/a.png'));
		const continued = await env.run(byUrl('https://cdn.example.com/a.png'), undefined, true);
		const ok = await env.run({
			...byUrl('https://cdn.example.com/a.png'),
			outputType: 'base64Data',
		});
		expect(failed.error?.message).toBe(
			'Runware error serverError: key *** is suspended (parameter "***")',
		);
		expect(continued.items[0].json.error).toBe(
			'Runware error serverError: key *** is suspended (parameter "***")',
		);
		const everything = JSON.stringify([
			failed.error,
			failed.error?.message,
			failed.error?.description,
			failed.run,
			continued.items,
			continued.run,
			ok.items,
			ok.run,
		]);
		expect(everything).not.toContain(API_KEY);
	});
});

describe('Runware result bytes', () => {
	it('stores the exact bytes Runware returned', async () => {
		const { items } = await env.run({ ...BINARY, outputType: 'base64Data' }, [
			pngItem('x.png', makePng(3, 3)),
		]);
		const stored = await binaryBytes(items[0].binary?.data);
		expect(stored.equals(makePng(64, 64))).toBe(true);
	});
});
