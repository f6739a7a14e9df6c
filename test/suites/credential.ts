/**
 * The credential suite (test/credentials.test.ts runs it on providers.manifest.ts,
 * test/synthetic-provider.test.ts on the test-only provider): each credential's Test button, the
 * way n8n runs it, reaches a free endpoint with the auth header, fails for a wrong key and passes
 * for the right one; each provider's cases are its own (`credential` in test/<provider>/credential.ts).
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialType } from 'n8n-workflow';

import type { FakeServer } from '../fakes/fake-server';
import { startFakeServer } from '../fakes/fake-server';
import { credentialVerdict as verdict, runCredentialTestRequest } from '../harness/credential-test';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';

/** A provider's cases of the credential suite (`credential` in test/<provider>/credential.ts). */
export interface CredentialRows {
	/** The free endpoint the Test button reaches, and the auth header it sends there for `key`. */
	freeRequest?: { path: string; authHeader: (key: string) => [string, string] };
	/** Replies that refuse every key inside an HTTP 200, as the provider's API may: each fails the test. */
	refusedWith200?: Array<{ label: string; body: unknown }>;
}

export function describeCredentialTests(entries: readonly ProviderManifestEntry[]): void {
	const KEY = randomBytes(12).toString('hex');
	const cases = entries.map((entry) => {
		const provider = loadProvider(entry);
		const { freeRequest } = provider.rows.credential();
		return {
			name: entry.displayName,
			type: provider.credential(),
			start: async () => await provider.startFake({ apiKey: KEY }),
			free: freeRequest && { path: freeRequest.path, authHeader: freeRequest.authHeader(KEY) },
		};
	});

	describe.each(cases)('$name credential Test button', ({ type, start, free }) => {
		let fake: FakeServer;
		beforeAll(async () => {
			fake = await start();
		});
		afterAll(async () => await fake.close());
		beforeEach(() => fake.reset());

		const test = async (apiKey: string) =>
			await runCredentialTestRequest(type, { apiKey, baseUrl: `${fake.baseUrl}/` });

		it('has a password-typed key and a request that reaches a free endpoint with the auth header', async () => {
			expect(type.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
			const { error, items } = await test(KEY);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			if (!free) return;
			const request = fake.requests.find((r) => r.path === free.path);
			expect(request?.headers[free.authHeader[0]]).toBe(free.authHeader[1]);
		});

		it('fails for a wrong key', async () => {
			expect(verdict(type, await test('wrong-key-0000'))).toMatchObject({ status: 'Error' });
		});

		it('passes for the right key', async () => {
			expect(verdict(type, await test(KEY))).toEqual({ status: 'OK' });
		});
	});

	describe('a key refused with HTTP 200 fails the Test button', () => {
		// Stand-ins that refuse every key the way each provider's API may: inside an HTTP 200 reply.
		const refusals: Array<{ name: string; type: ICredentialType; body: unknown }> = entries.flatMap(
			(entry) =>
				(loadProvider(entry).rows.credential().refusedWith200 ?? []).map(({ label, body }) => ({
					name: `${entry.displayName} (${label})`,
					type: loadProvider(entry).credential(),
					body,
				})),
		);
		if (refusals.length === 0) return;
		it.each(refusals)('$name', async ({ type, body }) => {
			const fake = await startFakeServer(async (ctx) => await ctx.json(200, body));
			try {
				const run = await runCredentialTestRequest(type, {
					apiKey: 'wrong-key-0000',
					baseUrl: fake.baseUrl,
				});
				expect(run.error).toBeUndefined();
				expect(fake.requests).toHaveLength(1);
				expect(verdict(type, run)).toMatchObject({ status: 'Error' });
			} finally {
				await fake.close();
			}
		});
	});
}
