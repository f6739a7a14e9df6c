import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { creditsItem, getCreditsModule } from '../../../shared/account';
import type { ItemCall } from '../../../shared/run';
import { apiRequest, PROVIDER, PROVIDER_ID } from '../../transport';

const accountSchema = z.object({
	images: z.object({ available: z.number(), subscription: z.number().optional() }),
	plan: z.string().optional(),
});

export const { option, description, operation } = getCreditsModule(
	PROVIDER,
	async (ctx: IExecuteFunctions, call: ItemCall) => {
		const account = await apiRequest(
			ctx,
			// Free and changes nothing: repeated like any read.
			{ api: 'imageEditing', method: 'GET', path: '/v2/account', call, idempotent: true },
			accountSchema,
		);
		// An Image Editing call uses 5 images on the Basic plan, a Remove Background call 1.
		return creditsItem(ctx, PROVIDER_ID, {
			credits: account.images.available,
			creditsUnit: 'images',
			creditsLimit: account.images.subscription,
			details: account,
			detailFields: ['plan'],
		});
	},
);
