import { randomBytes } from 'node:crypto';

import type { ICredentialType } from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../credentials/BackgroundRemoverAiApi.credentials';
import { CutoutProApi } from '../credentials/CutoutProApi.credentials';
import { RunwareApi } from '../credentials/RunwareApi.credentials';
import { startFakeBackgroundRemoverAi } from './fakes/background-remover-ai';
import { startFakePhotoroom } from './fakes/photoroom';
import type { FakeServer } from './fakes/fake-server';
import { startFakeServer } from './fakes/fake-server';
import { credentialVerdict as verdict } from './harness/credential-test';
import { runCredentialTestRequest } from './harness/n8n';
import type { ProviderId } from './providers';
import { loadProvider, PROVIDERS } from './providers';

const KEY = randomBytes(12).toString('hex');

/** The free endpoint each Test button reaches, and the auth header it sends there. */
const FREE_REQUEST: Partial<Record<ProviderId, { path: string; authHeader: [string, string] }>> = {
	cutoutPro: { path: '/api/v1/mySubscription', authHeader: ['apikey', KEY] },
	backgroundRemoverAi: { path: '/v1/convert/', authHeader: ['authorization', KEY] },
	ximilar: { path: '/account/v2/details/', authHeader: ['authorization', `Token ${KEY}`] },
	runware: { path: '/v1', authHeader: ['authorization', `Bearer ${KEY}`] },
	photoroom: { path: '/v2/account', authHeader: ['x-api-key', KEY] },
};

const cases = PROVIDERS.map((entry) => {
	const provider = loadProvider(entry);
	return {
		name: entry.displayName,
		type: provider.credential(),
		start: async () => await provider.startFake({ apiKey: KEY }),
		free: FREE_REQUEST[entry.id],
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

describe('Photoroom credential Test button', () => {
	it('passes for a sandbox key (free, watermarked calls)', async () => {
		const type = loadProvider(PROVIDERS.find((entry) => entry.id === 'photoroom')!).credential();
		const fake = await startFakePhotoroom({ apiKey: KEY });
		try {
			const run = await runCredentialTestRequest(type, {
				apiKey: `sandbox_${KEY}`,
				baseUrl: fake.baseUrl,
			});
			expect(verdict(type, run)).toEqual({ status: 'OK' });
			expect(fake.requests[0].headers['x-api-key']).toBe(`sandbox_${KEY}`);
		} finally {
			await fake.close();
		}
	});
});

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
			const run = await runCredentialTestRequest(type, {
				apiKey: 'wrong-key-0000',
				baseUrl: fake.baseUrl,
			});
			expect(verdict(type, run)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('rejected the API key'),
			});
		},
	);

	it('a valid key refused only for the missing file (HTTP 400) passes', async () => {
		const run = await runCredentialTestRequest(type, { apiKey: KEY, baseUrl: fake.baseUrl });
		expect(run.items?.[0]?.json.error).toEqual(expect.stringContaining('convert_to'));
		expect(verdict(type, run)).toEqual({ status: 'OK' });
	});
});

describe('a key refused with HTTP 200 fails the Test button', () => {
	// Stand-ins that refuse every key the way each provider's API may: inside an HTTP 200 reply.
	const refusals: Array<{ name: string; type: ICredentialType; body: unknown }> = [
		{
			name: 'Cutout.pro (code 4001, data null)',
			type: new CutoutProApi(),
			body: { code: 4001, msg: 'Invalid APIKEY', data: null },
		},
		{
			name: 'Cutout.pro (code 401, no data)',
			type: new CutoutProApi(),
			body: { code: 401, msg: 'Unauthorized' },
		},
		{
			name: 'Runware (invalidApiKey)',
			type: new RunwareApi(),
			body: { errors: [{ code: 'invalidApiKey', message: 'Invalid API key.' }] },
		},
		{
			name: 'Runware (another error, no data)',
			type: new RunwareApi(),
			body: { errors: [{ code: 'unauthorized', message: 'Key disabled.' }] },
		},
	];
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
