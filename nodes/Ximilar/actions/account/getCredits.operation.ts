import type { IExecuteFunctions } from 'n8n-workflow';

import { creditsItem, getCreditsModule, numberOf } from '../../../shared/account';
import { apiError } from '../../../shared/errors';
import type { ItemCall } from '../../../shared/run';
import { apiRequest, PROVIDER, PROVIDER_ID } from '../../transport';

export const { option, description, operation } = getCreditsModule(
	PROVIDER,
	async (ctx: IExecuteFunctions, call: ItemCall) => {
		// `GET /account/v2/details/`: free, the credential test's call.
		const details = await apiRequest(ctx, {
			method: 'GET',
			path: '/account/v2/details/',
			calls: [call],
			idempotent: true,
		});
		// credits_counter counts the credits used this month, out of credits_limit.
		const used = numberOf(details.credits_counter);
		const limit = numberOf(details.credits_limit);
		if (used === undefined || limit === undefined) {
			throw apiError(ctx.getNode(), `${PROVIDER} reported no credits_counter and credits_limit`, {
				itemIndex: call.itemIndex,
				description: `/account/v2/details/ answered with the fields: ${Object.keys(details).join(', ') || 'none'}.`,
			});
		}
		return creditsItem(ctx, PROVIDER_ID, {
			credits: Math.max(0, limit - used),
			creditsUnit: 'credits',
			creditsLimit: limit,
			details,
			// The plan's credit fields (credits_counter, credits_limit, …); not the user's name or email.
			detailFields: Object.keys(details).filter((name) => name.startsWith('credits_')),
		});
	},
);
