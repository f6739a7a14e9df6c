/** Cutout.pro's Account → Get Credits against its fake: its balances (shared rows: test/shared/get-credits.test.ts). */
import { useProviders } from '../reliability/lib/providers';

const envs = useProviders(['cutoutPro']);
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
});
