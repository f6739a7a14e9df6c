/**
 * Account → Get Credits on the three providers with a balance endpoint, each against its fake:
 * the same output fields everywhere (credits, unit, limit when known, the provider's own fields
 * under `details`), free reads repeated on a passing fault, a refused key as the error contract.
 */
import { RunwareApi } from '../../credentials/RunwareApi.credentials';
import { Runware } from '../../nodes/Runware/Runware.node';
import { startFakeRunware } from '../fakes/runware';
import { runNode } from '../harness/n8n';
import { randomApiKey, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['cutoutPro', 'ximilar', 'runware']);
const GET_CREDITS = { resource: 'account', operation: 'getCredits' };

describe('Account → Get Credits', () => {
	it('Cutout.pro: image credits are the month balance plus pay-as-you-go credits', async () => {
		const { items, error } = await envs.cutoutPro.run(GET_CREDITS, [{ json: { batch: 'b1' } }]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			batch: 'b1',
			provider: 'cutoutPro',
			operation: 'account.getCredits',
			status: 'done',
			credits: 42.5,
			creditsUnit: 'credits',
			details: {
				monthBalance: 40,
				imageBalance: 2.5,
				videoBalance: 300,
				monthStartDate: '2026-12-01 00:00:00',
				monthExpireDate: '2026-12-31 23:59:59',
			},
		});
		expect(envs.cutoutPro.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v1/mySubscription',
		]);
	});

	it('Cutout.pro: Balance "Video Seconds" returns the video balance', async () => {
		const { items } = await envs.cutoutPro.run({ ...GET_CREDITS, balance: 'videoSeconds' });
		expect(items[0].json).toMatchObject({ credits: 300, creditsUnit: 'video seconds' });
	});

	it('Ximilar: credits left are the limit minus the credits used this month', async () => {
		const { items, error } = await envs.ximilar.run(GET_CREDITS);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			provider: 'ximilar',
			operation: 'account.getCredits',
			status: 'done',
			credits: 750,
			creditsUnit: 'credits',
			creditsLimit: 1000,
		});
		// Only the plan's credit fields: not the account's email or name.
		expect(items[0].json.details).toEqual({ credits_counter: 250, credits_limit: 1000 });
	});

	it('Runware: the balance in USD, without task fields in details', async () => {
		const { items, error } = await envs.runware.run(GET_CREDITS);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			provider: 'runware',
			operation: 'account.getCredits',
			status: 'done',
			credits: 12.5,
			creditsUnit: 'USD',
		});
		expect(items[0].json.details).toEqual({ balance: 12.5 });
		const [request] = envs.runware.fake.requests;
		expect(request.body).toEqual([
			{ taskType: 'accountManagement', operation: 'getDetails', taskUUID: expect.any(String) },
		]);
		expect(JSON.stringify(items)).not.toContain(envs.runware.apiKey);
	});

	it.each(['cutoutPro', 'ximilar', 'runware'] as const)(
		'%s: a 502 on the read is retried (a free read), then succeeds',
		async (key) => {
			const env = envs[key];
			env.fake.faults.add({ kind: { status: 502 }, times: 1 });
			const { items, error } = await env.run(GET_CREDITS);
			expect(error).toBeUndefined();
			expect(typeof items[0].json.credits).toBe('number');
			expect(env.fake.requests).toHaveLength(2);
		},
	);

	it.each(['cutoutPro', 'ximilar', 'runware'] as const)(
		'%s: a refused key fails with the provider error and never shows the key',
		async (key) => {
			const env = envs[key];
			const wrongKey = `wrong-${env.apiKey}`;
			const { error } = await env.run(GET_CREDITS, undefined, { apiKey: wrongKey });
			expect(error?.message).toMatch(new RegExp(`^${env.name.replace('.', '\\.')} error \\S+: `));
			expect(
				JSON.stringify({ message: error?.message, description: error?.description }),
			).not.toContain(wrongKey);
		},
	);

	it('only balance fields reach details: no emails, team members, keys or "Bearer <key>"', async () => {
		const apiKey = randomApiKey('rk-secret');
		const fake = await startFakeRunware({
			apiKey,
			accountDetails: {
				apiKeys: [{ name: 'n8n', apiKey }],
				teamMembers: [{ email: 'ana@example.com', sessionToken: 't0k3n-abc', note: apiKey }],
				team: [{ email: 'bo@example.com', role: 'owner' }],
				authorization: `Bearer ${apiKey}`,
				auth: { header: `Bearer ${apiKey}` },
				currency: 'USD',
			},
		});
		try {
			const { items, error } = await runNode({
				node: new Runware(),
				credentials: { type: new RunwareApi(), data: { apiKey, baseUrl: fake.baseUrl } },
				parameters: GET_CREDITS,
				items: [{ json: {} }],
			});
			expect(error).toBeUndefined();
			expect(items[0].json.details).toEqual({ balance: 12.5, currency: 'USD' });
			expect(JSON.stringify(items)).not.toMatch(/rk-secret|t0k3n|@example\.com/);
		} finally {
			await fake.close();
		}
	});
});
