/** Account balances (Account → Get Credits): one output shape for every provider. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { knownSecrets } from './credentials';
import { redact } from './errors';
import type { ItemOperation } from './execute';
import type { ProviderId } from './output';
import { resultItem } from './output';
import type { ItemCall } from './run';

export interface Credits {
	/** What is left to spend, in `creditsUnit`. */
	credits: number;
	/** What one credit is at this provider (e.g. "credits", "video seconds", "USD"). */
	creditsUnit: string;
	/** The plan's allowance, when the provider reports one. */
	creditsLimit?: number;
	/** The provider's reply, of which only `detailFields` reach the output. */
	details: Record<string, unknown>;
	/**
	 * The balance-related fields of the reply a user may need, as the provider names them. Nothing
	 * else is copied: account replies also carry emails, team members and API keys.
	 */
	detailFields: readonly string[];
}

/**
 * The listed fields of a reply, each a plain value (or an {amount, currency}-like object of plain
 * values); a text that contains an API key is left out.
 */
function balanceDetails(
	reply: Record<string, unknown>,
	fields: readonly string[],
	secrets: readonly string[],
): IDataObject {
	const plain = (value: unknown): value is string | number | boolean =>
		typeof value === 'number' ||
		typeof value === 'boolean' ||
		(typeof value === 'string' && !secrets.some((secret) => redact(value, [secret]) !== value));
	const out: IDataObject = {};
	for (const name of fields) {
		const value = reply[name];
		if (plain(value)) out[name] = value;
		else if (value && typeof value === 'object' && !Array.isArray(value)) {
			const entries = Object.entries(value).filter(([, entry]) => plain(entry));
			if (entries.length) out[name] = Object.fromEntries(entries) as IDataObject;
		}
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
		details: balanceDetails(credits.details, credits.detailFields, knownSecrets(ctx)),
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
	read: (ctx: IExecuteFunctions, call: ItemCall) => Promise<INodeExecutionData>,
): ItemOperation<object> {
	return {
		async prepare() {
			return {};
		},
		async run(ctx, _params, call) {
			return await read(ctx, call);
		},
	};
}

/**
 * A Get Credits operation module without fields of its own (option, description, operation): `read`
 * makes the item from the provider's account reply.
 */
export function getCreditsModule(
	provider: string,
	read: (ctx: IExecuteFunctions, call: ItemCall) => Promise<INodeExecutionData>,
) {
	return {
		option: getCreditsOption(provider),
		description: [] as INodeProperties[],
		operation: getCreditsOperation(read),
	};
}
