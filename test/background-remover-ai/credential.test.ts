/** BackgroundRemoverAI's credential Test button beyond the shared cases (test/suites/credential.ts). */
import { randomBytes } from 'node:crypto';

import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { startFakeBackgroundRemoverAi } from '../fakes/background-remover-ai';
import { runNode } from '../harness/n8n';
import { credentialTestNode, verdict } from '../suites/credential';

const KEY = randomBytes(12).toString('hex');

describe('BackgroundRemoverAI credential Test button: every way a key may be refused', () => {
	const type = new BackgroundRemoverAiApi();
	let fake: Awaited<ReturnType<typeof startFakeBackgroundRemoverAi>>;
	beforeAll(async () => {
		fake = await startFakeBackgroundRemoverAi({ apiKey: KEY });
	});
	afterAll(async () => await fake.close());

	// Whatever the status, in each spelling (n8n compares rule values exactly).
	const refusals = [
		{ status: 401, error: 'Invalid API key' },
		{ status: 403, error: 'invalid api key' },
		{ status: 400, error: 'Invalid API Key' },
		{ status: 200, error: 'INVALID API KEY' },
		{ status: 401, error: 'Unauthorized' },
		{ status: 401, error: 'Invalid key' },
	];
	it.each(refusals)(
		'a refusal with HTTP $status {error: "$error"} fails the test',
		async (refusal) => {
			fake.state.keyRefusal = refusal;
			const run = await runNode({
				node: credentialTestNode(type),
				credentials: { type, data: { apiKey: 'wrong-key-0000', baseUrl: fake.baseUrl } },
				parameters: {},
				items: [{ json: {} }],
			});
			expect(verdict(type, run)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('rejected the API key'),
			});
		},
	);

	it('a valid key refused only for the missing file (HTTP 400) passes', async () => {
		const run = await runNode({
			node: credentialTestNode(type),
			credentials: { type, data: { apiKey: KEY, baseUrl: fake.baseUrl } },
			parameters: {},
			items: [{ json: {} }],
		});
		expect(run.items[0]?.json.error).toEqual(expect.stringContaining('convert_to'));
		expect(verdict(type, run)).toEqual({ status: 'OK' });
	});
});
