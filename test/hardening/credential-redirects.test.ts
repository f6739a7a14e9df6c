/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: two local HTTP servers */
/**
 * Every credential's Test button against a Base URL that answers with a redirect to a second
 * origin: the Test request must not follow it (the key would go along: n8n re-adds Authorization
 * on another origin by default, and custom key headers on every hop), and the Test must fail
 * saying why. Issue 30, finding 2.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { testCredential } from '../harness/credential-test';
import { loadProvider, PROVIDERS } from '../providers';
import { randomApiKey } from '../reliability/lib/providers';

const API_KEY = randomApiKey('test-redirected');
let redirecting: Server;
let elsewhere: Server;
let elsewhereUrl = '';
let redirectingUrl = '';
let status = 307;
const received: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];

const listen = async (server: Server) => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
	// Answers like every provider's account reply at once, so a followed redirect would pass.
	elsewhere = createServer((req, res) => {
		received.push({ url: req.url, headers: req.headers });
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({}));
	});
	redirecting = createServer((req, res) => {
		req.resume();
		res.writeHead(status, { location: `${elsewhereUrl}/collect${req.url ?? ''}` });
		res.end();
	});
	elsewhereUrl = await listen(elsewhere);
	redirectingUrl = await listen(redirecting);
});
afterAll(async () => {
	for (const server of [redirecting, elsewhere])
		await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
	received.length = 0;
});

const cases = PROVIDERS.flatMap((entry) =>
	[301, 302, 303, 307, 308].map((code) => ({
		name: entry.displayName,
		code,
		type: loadProvider(entry).credential(),
	})),
);

describe('credential Test button answered with a redirect to another origin', () => {
	it.each(cases)(
		'$name, HTTP $code: not followed, the Test fails naming the redirect',
		async ({ type, code }) => {
			status = code;
			const verdict = await testCredential(type, { apiKey: API_KEY, baseUrl: redirectingUrl });
			expect(received).toEqual([]);
			expect(verdict).toEqual({
				status: 'Error',
				message: expect.stringMatching(/redirect.*not followed.*Base URL/i),
			});
		},
	);

	it('every Test request turns redirects off in its own options', () => {
		for (const { type } of cases) expect(type.test?.request.disableFollowRedirect).toBe(true);
	});
});
