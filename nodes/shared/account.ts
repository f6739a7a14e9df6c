/** Account balances (Account → Get Credits): one output shape for every provider. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { knownSecrets } from './credentials';
import type { ItemOperation } from './execute';
import type { ProviderId } from './output';
import { resultItem } from './output';

export interface Credits {
	/** What is left to spend, in `creditsUnit`. */
	credits: number;
	/** What one credit is at this provider (e.g. "credits", "video seconds", "USD"). */
	creditsUnit: string;
	/** The plan's allowance, when the provider reports one. */
	creditsLimit?: number;
	/** Everything else the provider reported, as it named it. */
	details: Record<string, unknown>;
}

/** Field names that may hold a credential: never copied into output (Runware lists API keys). */
const SECRET_FIELD = /key|token|secret|password/i;

/** The provider's reply without fields that could carry a credential or the API key itself. */
function publicFields(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return secrets.includes(value) ? undefined : value;
	if (Array.isArray(value)) return value.map((entry) => publicFields(entry, secrets));
	if (!value || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [name, entry] of Object.entries(value)) {
		if (SECRET_FIELD.test(name)) continue;
		const kept = publicFields(entry, secrets);
		if (kept !== undefined) out[name] = kept as IDataObject[string];
	}
	return out;
}

export function creditsItem(
	ctx: IExecuteFunctions,
	provider: ProviderId,
	credits: Credits,
): INodeExecutionData {
	return resultItem({
		provider,
		operation: 'account.getCredits',
		status: 'done',
		credits: credits.credits,
		creditsUnit: credits.creditsUnit,
		creditsLimit: credits.creditsLimit,
		details: publicFields(credits.details, knownSecrets(ctx)) as IDataObject,
	});
}

/** A number from a reply field that may be a number or numeric text; undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export const getCreditsOption = (provider: string) => ({
	name: 'Get Credits',
	description: `Read the ${provider} account's remaining credits (free; use it before a batch)`,
	action: 'Get the account credits',
});

/** Get Credits of a provider whose balance read takes no parameters. */
export function getCreditsOperation(
	read: (ctx: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData>,
): ItemOperation<object> {
	return {
		async prepare() {
			return {};
		},
		async run(ctx, _params, itemIndex) {
			return await read(ctx, itemIndex);
		},
	};
}
