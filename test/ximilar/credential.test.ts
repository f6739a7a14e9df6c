/**
 * The Ximilar credential's Test button passes only a reply with the account's credit fields
 * (issue 30, finding 6): any 2xx used to pass, a parked page or `{}` included.
 */
import { XimilarApi } from '../../credentials/XimilarApi.credentials';
import { testCredential } from '../harness/credential-test';
import type { CannedReply } from '../harness/stand-in';
import { PARKED_PAGE, startCannedServer } from '../harness/stand-in';

const type = new XimilarApi();

const notWorking: Array<{ name: string; reply: CannedReply; message: RegExp }> = [
	{
		name: 'a parked page (HTTP 200)',
		reply: { status: 200, text: PARKED_PAGE },
		message: /no credits_limit/,
	},
	{ name: '{} (HTTP 200)', reply: { status: 200, json: {} }, message: /no credits_limit/ },
	{
		name: 'another API (HTTP 200, no credit fields)',
		reply: { status: 200, json: { id: 'u1', email: 'someone@example.com' } },
		message: /no credits_limit/,
	},
	{
		name: 'credits_limit without credits_counter',
		reply: { status: 200, json: { credits_limit: 1000 } },
		message: /no credits_counter/,
	},
	{
		name: 'HTTP 401',
		reply: { status: 401, json: { detail: 'Invalid token.' } },
		message: /Ximilar refused the API key \(HTTP 401\)/,
	},
];

describe('Ximilar credential Test button: replies that are not a working account', () => {
	it.each(notWorking)('$name fails the Test', async ({ reply, message }) => {
		const server = await startCannedServer(reply);
		try {
			const verdict = await testCredential(type, { apiKey: 'k', baseUrl: server.baseUrl });
			expect(verdict).toEqual({ status: 'Error', message: expect.stringMatching(message) });
			// n8n sends a request refused with 401 once more (after pre-authentication): same path.
			expect([...new Set(server.requests.map((r) => `${r.method} ${r.path}`))]).toEqual([
				'GET /account/v2/details/',
			]);
		} finally {
			await server.close();
		}
	});

	it('an account reply with credits_counter and credits_limit passes (null counts as present)', async () => {
		const server = await startCannedServer({
			status: 200,
			json: { credits_counter: null, credits_limit: 1000 },
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
