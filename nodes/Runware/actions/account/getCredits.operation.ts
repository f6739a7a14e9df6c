import { randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { creditsItem, getCreditsModule, numberOf } from '../../../shared/account';
import { apiError } from '../../../shared/errors';
import type { ItemCall } from '../../../shared/run';
import { PROVIDER, PROVIDER_ID } from '../../transport';
import { runTasks } from '../../helpers/tasks';

export const { option, description, operation } = getCreditsModule(
	PROVIDER,
	async (ctx: IExecuteFunctions, call: ItemCall) => {
		const task = {
			taskType: 'accountManagement',
			operation: 'getDetails',
			taskUUID: randomUUID(),
		};
		// Free and changes nothing: repeated like any read.
		const [result] = await runTasks(ctx, [{ call, body: task }], { idempotent: true });
		if (result instanceof Error) throw result;
		const details: Record<string, unknown> = { ...result };
		delete details.taskType;
		delete details.taskUUID;
		// The balance in USD; some replies nest it as {amount, currency}.
		const nested = details.balance as { amount?: unknown; currency?: unknown } | undefined;
		const credits = numberOf(details.balance) ?? numberOf(nested?.amount);
		if (credits === undefined) {
			throw apiError(ctx.getNode(), `${PROVIDER} reported no balance`, {
				itemIndex: call.itemIndex,
				taskId: task.taskUUID,
				description: `getDetails answered with the fields: ${Object.keys(details).join(', ') || 'none'}.`,
			});
		}
		return creditsItem(ctx, PROVIDER_ID, {
			credits,
			creditsUnit: typeof nested?.currency === 'string' ? nested.currency : 'USD',
			details,
			// Not the organisation, its team members (emails) or its API keys.
			detailFields: ['balance', 'currency'],
		});
	},
);
