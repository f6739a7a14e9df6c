import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { ProviderApi } from '../../shared/apiRequest';
import * as skeleton from '../../shared/apiRequest';
import { readApiCredentials } from '../../shared/credentials';
import { authHint, providerError } from '../../shared/errors';
import type { ItemCall } from '../../shared/run';
import type { FormFile } from '../../shared/upload';
import { StreamingForm } from '../../shared/upload';
import { entryText } from '../helpers/entries';

export const PROVIDER = 'BackgroundRemoverAI';
export const PROVIDER_ID = 'backgroundRemoverAi' as const;
export const CREDENTIAL_TYPE = 'backgroundRemoverAiApi';
export const DEFAULT_BASE_URL = 'https://api.backgroundremoverai.com';

/** The provider reports errors as `{error}`, sometimes with HTTP 200 (its own samples check both). */
const errorReplySchema = z.object({ error: z.unknown() }).passthrough();

const api: ProviderApi = {
	id: PROVIDER_ID,
	provider: PROVIDER,
	credentialType: CREDENTIAL_TYPE,
	errorOf(ctx, reply, request) {
		const providerReply = errorReplySchema.safeParse(reply.body);
		if (!providerReply.success || !providerReply.data.error)
			return reply.statusCode >= 400 ? skeleton.statusError(ctx, api, request, reply) : undefined;
		const status = reply.statusCode;
		// The provider gives no error code: the HTTP status stands for it (200 when it sends none).
		return providerError(ctx.getNode(), PROVIDER, status, entryText(providerReply.data.error), {
			itemIndex: request.call.itemIndex,
			httpCode: status,
			description: `${PROVIDER} rejected POST ${request.name ?? request.path} (HTTP ${status}).${authHint(status, PROVIDER)}`,
		});
	},
};

export interface BraiRequest {
	path: 'convert/' | 'results/';
	fields: Record<string, string>;
	files?: Array<{ field: string; file: FormFile }>;
	/** The item the request is for, with its settings. */
	call: ItemCall;
	/** False for `convert/`: it starts paid work and is repeated only when certainly not taken. */
	idempotent: boolean;
}

/** A multipart POST to the API (under `<host>/v1`), its reply checked against `reply`. */
export async function apiRequest<T>(
	ctx: IExecuteFunctions,
	request: BraiRequest,
	reply: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<T> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	const full = {
		method: 'POST' as const,
		baseUrl: `${baseUrl}/v1`,
		path: `/${request.path}`,
		name: request.path,
		call: request.call,
		idempotent: request.idempotent,
		form: () => {
			const form = new StreamingForm();
			form.append('lang', 'en');
			for (const [name, value] of Object.entries(request.fields)) form.append(name, value);
			for (const { field, file } of request.files ?? []) form.append(field, file);
			return form;
		},
	};
	return skeleton.checkReply(ctx, api, full, await skeleton.apiRequest(ctx, api, full), reply);
}
