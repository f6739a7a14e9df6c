/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: two local HTTP servers */
/**
 * The hardening suites over each provider's first request (`secrets.firstRequest` in
 * test/<provider>/secrets.ts): test/hardening/secrets.test.ts and redirects.test.ts run them on
 * providers.manifest.ts, test/synthetic-provider.test.ts on the test-only provider.
 *
 * - describeEchoedKeys: keys in provider replies are removed before an excerpt is cut (a WAF-style
 *   error page that echoes the key header right at the cut), also in a key stored with
 *   surrounding whitespace.
 * - describeRedirects: a provider stand-in that answers every API request with a redirect to a
 *   second origin, which records what reaches it: no credential header (Authorization or a
 *   provider's own key header) may.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runNode } from '../harness/n8n';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import { randomApiKey, reply, useProviderEntries } from '../reliability/lib/providers';

/** A WAF page that echoes the key header so that the 300-character cut falls inside the key. */
const wafPage = (key: string) =>
	`${'<p>Request blocked.</p>'.padEnd(260, ' ')}APIKEY: ${key}\n</html>`;

export function describeEchoedKeys(entries: readonly ProviderManifestEntry[]): void {
	const envs = useProviderEntries(entries);
	describe.each(entries.map((entry) => [entry.id, entry] as const))(
		'%s: a key echoed by an error page',
		(_id, entry) => {
			const { firstRequest, echoStatus = 403 } = loadProvider(entry).rows.secrets();
			it.each([
				['as stored', (key: string) => key],
				['stored with surrounding whitespace', (key: string) => `  ${key}\t`],
			])('leaves no part of the key in the error (key %s)', async (_label, stored) => {
				const env = envs[entry.id];
				env.fake.faults.add({ kind: reply(echoStatus, wafPage(env.apiKey)), times: 5 });
				const { error } = await env.run(
					firstRequest.params,
					firstRequest.items?.() ?? [{ json: {} }],
					{ apiKey: stored(env.apiKey), continueOnFail: false },
				);
				expect(error).toBeDefined();
				const everything =
					JSON.stringify(error) + String(error?.description) + String(error?.stack);
				// The old cut fell 32 characters into the key: no part of its random tail may show.
				const tail = env.apiKey.slice(env.apiKey.lastIndexOf('-') + 1);
				expect(everything).not.toContain(tail.slice(0, 8));
				expect(error?.description).toContain('APIKEY: ***');
			});
		},
	);
}

export function describeRedirects(entries: readonly ProviderManifestEntry[]): void {
	const API_KEY = randomApiKey('redirected');
	let redirecting: Server;
	let elsewhere: Server;
	let redirectingUrl = '';
	let elsewhereUrl = '';
	let status = 302;
	/** The Location the redirecting server answers with (default: an absolute URL on `elsewhere`). */
	let location: ((path: string) => string) | undefined;
	const received: IncomingHttpHeaders[] = [];

	const listen = async (server: Server) => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	};

	beforeAll(async () => {
		elsewhere = createServer((req, res) => {
			received.push(req.headers);
			req.resume();
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ code: 0, data: { monthBalance: 1 } }));
		});
		redirecting = createServer((req, res) => {
			req.resume();
			const path = `/collect${req.url ?? ''}`;
			res.writeHead(status, { location: location ? location(path) : `${elsewhereUrl}${path}` });
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
		location = undefined;
	});

	describe.each(entries.map((entry) => [entry.displayName, entry] as const))(
		'%s: an API redirect to another origin',
		(name, entry) => {
			const provider = loadProvider(entry);
			const { firstRequest } = provider.rows.secrets();
			it.each([302, 307])(
				'HTTP %d: is not followed, the key goes nowhere else, the error says so',
				async (code) => {
					status = code;
					const { error } = await runNode({
						node: provider.node(),
						credentials: {
							type: provider.credential(),
							data: { apiKey: API_KEY, baseUrl: redirectingUrl },
						},
						parameters: firstRequest.params,
						items: firstRequest.items?.() ?? [{ json: {} }],
					});
					expect(received).toEqual([]);
					expect(error?.message).toBe(
						`${name} answered with a redirect (HTTP ${code} to ${elsewhereUrl}), which was not followed`,
					);
					expect(JSON.stringify(error)).not.toContain(API_KEY);
				},
			);
		},
	);

	describe('where a redirect pointed, as the error names it (the Location resolved against the request URL)', () => {
		const entry = entries[0];
		const name = entry.displayName;
		const provider = loadProvider(entry);
		const { firstRequest } = provider.rows.secrets();
		const run = async () =>
			await runNode({
				node: provider.node(),
				credentials: {
					type: provider.credential(),
					data: { apiKey: API_KEY, baseUrl: redirectingUrl },
				},
				parameters: firstRequest.params,
				items: firstRequest.items?.() ?? [{ json: {} }],
			});

		it('a protocol-relative Location (//host/x) names that host', async () => {
			status = 302;
			location = (path) => `${elsewhereUrl.replace(/^http:/, '')}${path}`;
			const { error } = await run();
			expect(received).toEqual([]);
			expect(error?.message).toBe(
				`${name} answered with a redirect (HTTP 302 to ${elsewhereUrl}), which was not followed`,
			);
		});

		it('a relative Location is another path of the same host', async () => {
			status = 307;
			location = (path) => path;
			const { error } = await run();
			expect(error?.message).toBe(
				`${name} answered with a redirect (HTTP 307 to another path of the same host), which was not followed`,
			);
		});

		it('an absolute Location on the same origin is another path of the same host', async () => {
			status = 307;
			location = (path) => `${redirectingUrl}${path}`;
			const { error } = await run();
			expect(error?.message).toBe(
				`${name} answered with a redirect (HTTP 307 to another path of the same host), which was not followed`,
			);
		});
	});
}
