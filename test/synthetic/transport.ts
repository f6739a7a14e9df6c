/** The Synthetic provider's transport: the same identity exports as every real transport. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { ProviderApi } from '../../nodes/shared/apiRequest';
import * as skeleton from '../../nodes/shared/apiRequest';
import { knownSecrets, readApiCredentials } from '../../nodes/shared/credentials';
import { authHint, providerError } from '../../nodes/shared/errors';
import type { ProviderId } from '../../nodes/shared/output';
import { excerpt } from '../../nodes/shared/replies';
import type { ItemCall } from '../../nodes/shared/run';

export const PROVIDER = 'Synthetic';
// Not in providers.manifest.ts (a test-only entry), so not in the ProviderId union.
export const PROVIDER_ID = 'synthetic' as ProviderId;
export const CREDENTIAL_TYPE = 'syntheticApi';
export const DEFAULT_BASE_URL = 'https://api.synthetic.example';

const errorSchema = z.object({ code: z.string(), message: z.string() });

const api: ProviderApi = {
	id: PROVIDER_ID,
	provider: PROVIDER,
	credentialType: CREDENTIAL_TYPE,
	errorOf(ctx, reply, request) {
		const status = reply.statusCode;
		if (status < 400) return undefined;
		const error = errorSchema.safeParse(reply.body);
		return providerError(
			ctx.getNode(),
			PROVIDER,
			error.success ? error.data.code : status,
			error.success ? error.data.message : `HTTP ${status}`,
			{
				itemIndex: request.call.itemIndex,
				httpCode: status,
				description: `Synthetic API answered HTTP ${status}.${authHint(status, 'Synthetic API')}${
					error.success ? '' : ` Reply: ${excerpt(reply.body, knownSecrets(ctx))}`
				}`,
			},
		);
	},
};

/** A JSON call, its reply checked against `reply`. */
export async function apiRequest<T>(
	ctx: IExecuteFunctions,
	request: { path: string; body: Record<string, string>; call: ItemCall; idempotent: boolean },
	reply: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<T> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	const full = { ...request, method: 'POST' as const, baseUrl };
	return skeleton.checkReply(ctx, api, full, await skeleton.apiRequest(ctx, api, full), reply);
}
