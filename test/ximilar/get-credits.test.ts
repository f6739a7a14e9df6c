/** Ximilar's Account → Get Credits against its fake: the plan's credits (shared rows: test/shared/get-credits.test.ts). */
import { useProviders } from '../reliability/lib/providers';

const envs = useProviders(['ximilar']);
const GET_CREDITS = { resource: 'account', operation: 'getCredits' };

describe('Account → Get Credits', () => {
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
});
