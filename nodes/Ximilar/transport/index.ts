import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiReply, ProviderApi } from '../../shared/apiRequest';
import * as skeleton from '../../shared/apiRequest';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { excerpt } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import { describeStatusError, isSuccess, statusSchema, statusText } from '../helpers/status';

export const PROVIDER = 'Ximilar';
export const PROVIDER_ID = 'ximilar' as const;
export const CREDENTIAL_TYPE = 'ximilarApi';
export const DEFAULT_BASE_URL = 'https://api.ximilar.com';

const replySchema = z
	.object({
		status: statusSchema.optional(),
		// Django REST framework's shape, which the API uses for authentication failures.
		detail: z.string().optional(),
	})
	.passthrough();

export interface XimilarRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	/**
	 * The items the request is for, in order (for messages); it is made with the first one's call
	 * (its Request Timeout; network errors name it).
	 */
	calls: ItemCall[];
	/** False for paid work: every record sent is charged. */
	idempotent: boolean;
}

/**
 * A failure of the whole request (HTTP error, a top-level `status.code` that is not 2xx) belongs to
 * every item in it: Ximilar's code and text, and which items.
 */
function errorOf(itemIndexes: number[]): ProviderApi['errorOf'] {
	return (ctx, reply: ApiReply, request) => {
		const parsed = replySchema.safeParse(reply.body);
		const body = parsed.success ? parsed.data : undefined;
		const status = body?.status;
		const http = reply.statusCode;
		if (http < 400 && (!status || isSuccess(status.code))) {
			if (body) return undefined;
			return apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
				itemIndex: request.call.itemIndex,
				httpCode: http,
				description: `Reply: ${excerpt(reply.body, knownSecrets(ctx))}`,
			});
		}
		const hint = authHint(http, PROVIDER)
			? `${authHint(http, PROVIDER)}${request.path.startsWith('/removebg/') ? ' Also check that the Remove Background service is activated for your account in app.ximilar.com.' : ''}`
			: '';
		const text = status ? statusText(status) : (body?.detail ?? `HTTP ${http}`);
		return providerError(ctx.getNode(), PROVIDER, status?.code ?? http, text, {
			itemIndex: request.call.itemIndex,
			httpCode: http,
			description: [
				describeStatusError(status, knownSecrets(ctx)),
				`The whole request failed (HTTP ${http}), so every item in it failed: item(s) ${itemIndexes.join(', ')}.${hint}`,
				!body ? `Reply: ${excerpt(reply.body, knownSecrets(ctx))}` : undefined,
			]
				.filter(Boolean)
				.join(' '),
		});
	};
}

/** A JSON call; its reply object when Ximilar reports success. */
export async function apiRequest(
	ctx: IExecuteFunctions,
	{ calls, ...request }: XimilarRequest,
): Promise<IDataObject> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	const api: ProviderApi = {
		id: PROVIDER_ID,
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		errorOf: errorOf(calls.map((call) => call.itemIndex)),
	};
	const reply = await skeleton.apiRequest(ctx, api, {
		...request,
		baseUrl,
		call: calls[0],
	});
	return reply.body as IDataObject;
}
