/**
 * The Photoroom credential's Test button passes only a reply of the account endpoint,
 * `{images: {available, …}, plan}` (issue 30, finding 6): any 2xx used to pass.
 */
import { PhotoroomApi } from '../../credentials/PhotoroomApi.credentials';
import { testCredential } from '../harness/credential-test';
import type { CannedReply } from '../harness/stand-in';
import { PARKED_PAGE, startCannedServer } from '../harness/stand-in';

const type = new PhotoroomApi();

const notWorking: Array<{ name: string; reply: CannedReply; message: RegExp }> = [
	{
		name: 'a parked page (HTTP 200)',
		reply: { status: 200, text: PARKED_PAGE },
		message: /no images\.available/,
	},
	{ name: '{} (HTTP 200)', reply: { status: 200, json: {} }, message: /no images\.available/ },
	{
		name: '{images: {}} (HTTP 200)',
		reply: { status: 200, json: { images: {}, plan: 'basic' } },
		message: /no images\.available/,
	},
	{
		name: 'HTTP 403',
		reply: { status: 403, text: 'Forbidden' },
		message: /Photoroom refused the API key \(HTTP 403\)/,
	},
];

describe('Photoroom credential Test button: replies that are not a working account', () => {
	it.each(notWorking)('$name fails the Test', async ({ reply, message }) => {
		const server = await startCannedServer(reply);
		try {
			const verdict = await testCredential(type, { apiKey: 'k', baseUrl: server.baseUrl });
			expect(verdict).toEqual({ status: 'Error', message: expect.stringMatching(message) });
			// n8n sends a request refused with 401 once more (after pre-authentication): same path.
			expect([...new Set(server.requests.map((r) => `${r.method} ${r.path}`))]).toEqual([
				'GET /v2/account',
			]);
		} finally {
			await server.close();
		}
	});

	it('the documented account reply passes', async () => {
		const server = await startCannedServer({
			status: 200,
			json: { images: { available: 83, subscription: 100 }, plan: 'basic' },
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
