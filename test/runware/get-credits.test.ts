/** Runware's Account → Get Credits against its fake: the balance in USD (shared rows: test/shared/get-credits.test.ts). */
import { RunwareApi } from '../../credentials/RunwareApi.credentials';
import { Runware } from '../../nodes/Runware/Runware.node';
import { startFakeRunware } from '../fakes/runware';
import { runNode } from '../harness/n8n';
import { randomApiKey, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['runware']);
const GET_CREDITS = { resource: 'account', operation: 'getCredits' };

describe('Account → Get Credits', () => {
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
