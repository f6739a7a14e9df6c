import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { startFakeCutoutPro, type FakeCutoutPro } from '../fakes/cutout-pro';
import { generatedSha256 } from '../fakes/fake-server';
import { makeMov, sniff } from '../fakes/media';
import { withDatabaseBinaryLimit } from '../harness/database-binary';
import { binaryBytes, runNode } from '../harness/n8n';

// n8n's database binary mode (queue mode's default) refuses files above
// N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE; here the limit is 2 MB and the result 3 MB.
const API_KEY = 'cutout-binary-limit-key';
const MB = 1024 * 1024;
const RESULT_BYTES = 3 * MB;
let fake: FakeCutoutPro;

beforeAll(async () => {
	fake = await startFakeCutoutPro({
		apiKey: API_KEY,
		pollsUntilDone: 0,
		videoResultBytes: RESULT_BYTES,
	});
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

const run = async (parameters: IDataObject, continueOnFail = false) =>
	await runNode({
		node: new CutoutPro(),
		credentials: { type: new CutoutProApi(), data: { apiKey: API_KEY, baseUrl: fake.baseUrl } },
		parameters,
		items: [{ json: {} }],
		continueOnFail,
	});

const removeVideoBackground = {
	resource: 'video',
	operation: 'removeBackground',
	videoUrl: 'https://cdn.example.com/long.mp4',
	outputFormat: 'mov',
	waitForCompletion: true,
	maxWaitSeconds: 30,
	pollIntervalSeconds: 0.25,
	downloadResult: true,
};

describe("Cutout.pro video results and n8n's database binary limit", () => {
	it('a result above the limit is a per-item error with its size, the limit, the setting, the task and the URL', async () => {
		const { items, error } = await withDatabaseBinaryLimit(
			2,
			async () => await run(removeVideoBackground, true),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const { json, binary } = items[0];
		expect(binary).toBeUndefined();
		expect(json.taskId).toMatch(/^[0-9a-f]{32}$/);
		expect(json.resultUrl).toBe(`${fake.baseUrl}/results/${json.taskId as string}.mov`);
		expect(json.error).toBe(
			"Cutout.pro result file is 3.0 MB, above n8n's 2 MB limit for binary data kept in its database",
		);
		expect(json.description).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
		expect(json.description).toContain(json.resultUrl as string);
		expect(`${json.error as string} ${json.description as string}`).not.toMatch(/interrupt/i);
		// one download: a size refusal is not retried like a cut connection
		expect(fake.requests.filter((r) => r.path.startsWith('/results/'))).toHaveLength(1);
	});

	it('without Continue On Fail the node fails with the same error, carrying the task and URL', async () => {
		const { error } = await withDatabaseBinaryLimit(
			2,
			async () => await run(removeVideoBackground),
		);
		expect(error?.message).toMatch(/3\.0 MB, above n8n's 2 MB limit/);
		expect(error?.context).toMatchObject({ taskId: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(error?.context?.resultUrl).toMatch(/\/results\/[0-9a-f]{32}\.mov$/);
	});

	it('a result below the limit is stored in the database store and reads back whole', async () => {
		const { items, error } = await withDatabaseBinaryLimit(
			4,
			async () => await run(removeVideoBackground),
		);
		expect(error).toBeUndefined();
		const data = items[0].binary?.data;
		expect(data?.id).toMatch(/^database:/);
		const bytes = await withDatabaseBinaryLimit(4, async () => await binaryBytes(data));
		expect(bytes.length).toBe(RESULT_BYTES);
		expect(sniff(bytes)).toBe('mov');
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(
			generatedSha256(RESULT_BYTES, makeMov()),
		);
	});

	it('Skip Download Above leaves a larger result at its URL and says why', async () => {
		const submitted = await run({ ...removeVideoBackground, skipDownloadAboveMb: 1 });
		expect(submitted.error).toBeUndefined();
		const { json, binary } = submitted.items[0];
		expect(binary).toBeUndefined();
		expect(json).toMatchObject({ status: 'done', taskId: expect.any(String) });
		expect(json.resultUrl).toBe(`${fake.baseUrl}/results/${json.taskId as string}.mov`);
		expect(json.downloadSkipped).toBe(
			'the result is 3.0 MB, above Skip Download Above (1.0 MB): not downloaded, fetch it from resultUrl',
		);

		// Get Task has the same option; a limit above the size downloads the file
		const got = await run({
			resource: 'video',
			operation: 'getTask',
			taskFlag: json.taskId,
			downloadResult: true,
			skipDownloadAboveMb: 5,
		});
		expect(got.error).toBeUndefined();
		expect(got.items[0].json.downloadSkipped).toBeUndefined();
		expect((await binaryBytes(got.items[0].binary?.data)).length).toBe(RESULT_BYTES);
	});
});
