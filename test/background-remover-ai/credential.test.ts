/**
 * The BackgroundRemoverAI credential's Test button against replies that are not a working
 * account's (issue 30, finding 6): BackgroundRemoverAI has no account endpoint, so the Test asks
 * for a conversion without a file, which a working key gets refused with HTTP 400 `{error}`.
 * Anything else (a 404 or 500, a page without `error`, a key refusal in any spelling) fails it.
 */
import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { testCredential } from '../harness/credential-test';
import type { CannedReply } from '../harness/stand-in';
import { PARKED_PAGE, startCannedServer } from '../harness/stand-in';

const type = new BackgroundRemoverAiApi();

const notWorking: Array<{ name: string; reply: CannedReply; message: RegExp }> = [
	{ name: 'a 404 page', reply: { status: 404, text: '<h1>Not Found</h1>' }, message: /Not Found/ },
	{
		name: 'a 404 with an error field',
		reply: { status: 404, json: { error: 'Not found' } },
		message: /Not Found/,
	},
	{
		name: 'a 500 with an error field',
		reply: { status: 500, json: { error: 'Internal server error' } },
		message: /Internal Server Error/,
	},
	{ name: 'a 502 page', reply: { status: 502, text: 'Bad gateway' }, message: /Bad Gateway/ },
	{
		name: '"Invalid API key." with a period, HTTP 400',
		reply: { status: 400, json: { error: 'Invalid API key.' } },
		message: /rejected the API key: Invalid API key\./,
	},
	{
		name: '"Invalid API key." with a period, HTTP 200',
		reply: { status: 200, json: { error: 'Invalid API key.' } },
		message: /rejected the API key/,
	},
	{
		name: 'HTTP 401 with any text',
		reply: { status: 401, json: { detail: 'Authentication credentials were not provided.' } },
		message: /rejected the API key \(HTTP 401\)/,
	},
	{
		name: 'a parked page (HTTP 200)',
		reply: { status: 200, text: PARKED_PAGE },
		message: /no error/,
	},
	{ name: '{} (HTTP 200)', reply: { status: 200, json: {} }, message: /no error/ },
	{ name: '{} (HTTP 400)', reply: { status: 400, json: {} }, message: /no error/ },
];

describe('BackgroundRemoverAI credential Test button: replies that are not a working account', () => {
	it.each(notWorking)('$name fails the Test', async ({ reply, message }) => {
		const server = await startCannedServer(reply);
		try {
			const verdict = await testCredential(type, { apiKey: 'some-key', baseUrl: server.baseUrl });
			expect(verdict).toEqual({ status: 'Error', message: expect.stringMatching(message) });
			// n8n sends a request refused with 401 once more (after pre-authentication): same path.
			expect([...new Set(server.requests.map((r) => `${r.method} ${r.path}`))]).toEqual([
				'POST /v1/convert/',
			]);
		} finally {
			await server.close();
		}
	});

	it('a working key, refused only for the missing file (HTTP 400 {error}), passes', async () => {
		const server = await startCannedServer({
			status: 400,
			json: { error: 'convert_to is required' },
		});
		try {
			expect(await testCredential(type, { apiKey: 'k', baseUrl: server.baseUrl })).toEqual({
				status: 'OK',
			});
		} finally {
			await server.close();
		}
	});
});
