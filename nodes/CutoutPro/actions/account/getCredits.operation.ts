import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { creditsItem, getCreditsOption, numberOf } from '../../../shared/account';
import { apiError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/execute';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { apiRequest, PROVIDER, PROVIDER_ID } from '../../transport';

const BALANCES = ['credits', 'videoSeconds'] as const;
type Balance = (typeof BALANCES)[number];

export const option = getCreditsOption(PROVIDER);

export const description: INodeProperties[] = [
	{
		displayName: 'Balance',
		name: 'balance',
		type: 'options',
		options: [
			{
				name: 'Image Credits',
				value: 'credits',
				description:
					"Credits spent by image background removal: the month's subscription credits left plus pay-as-you-go credits",
			},
			{
				name: 'Video Seconds',
				value: 'videoSeconds',
				description: 'Seconds spent by video background removal and Photo Animer',
			},
		],
		default: 'credits',
		description: 'Which of the account\'s balances is returned as "credits"; all are in "details"',
	},
];

/** `data` of `GET mySubscription` (official SDK's FetchCreditBalanceRequest). */
const subscriptionSchema = z
	.object({
		monthBalance: z.unknown().optional(),
		imageBalance: z.unknown().optional(),
		videoBalance: z.unknown().optional(),
	})
	.passthrough();

export const operation: ItemOperation<{ balance: Balance }> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return { balance: itemParameters(ctx, itemIndex).option('balance', 'Balance', BALANCES) };
	},

	async run(ctx: IExecuteFunctions, params: { balance: Balance }, call: ItemCall) {
		const data = await apiRequest(
			ctx,
			{
				method: 'GET',
				path: 'mySubscription',
				call,
				idempotent: true,
			},
			subscriptionSchema,
		);
		const month = numberOf(data.monthBalance);
		const image = numberOf(data.imageBalance);
		const credits =
			params.balance === 'videoSeconds'
				? numberOf(data.videoBalance)
				: month === undefined && image === undefined
					? undefined
					: (month ?? 0) + (image ?? 0);
		if (credits === undefined) {
			throw apiError(
				ctx.getNode(),
				`${PROVIDER} reported no ${params.balance === 'videoSeconds' ? 'videoBalance' : 'monthBalance or imageBalance'}`,
				{
					itemIndex: call.itemIndex,
					description: `mySubscription answered with the fields: ${Object.keys(data).join(', ') || 'none'}.`,
				},
			);
		}
		return creditsItem(ctx, PROVIDER_ID, {
			credits,
			creditsUnit: params.balance === 'videoSeconds' ? 'video seconds' : 'credits',
			details: data,
			detailFields: [
				'monthBalance',
				'imageBalance',
				'videoBalance',
				'monthStartDate',
				'monthExpireDate',
			],
		});
	},
};
