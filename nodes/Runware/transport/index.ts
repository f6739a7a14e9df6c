import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { ProviderApi } from '../../shared/apiRequest';
import * as skeleton from '../../shared/apiRequest';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { excerpt } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import type { RunwareTaskError } from '../helpers/taskErrors';
import { errorsOf, taskErrorOf } from '../helpers/taskErrors';

export const PROVIDER = 'Runware';
export const PROVIDER_ID = 'runware' as const;
export const CREDENTIAL_TYPE = 'runwareApi';
export const DEFAULT_BASE_URL = 'https://api.runware.ai';

const replySchema = z
	.object({
		data: z.array(z.unknown()).nullable().optional(),
		errors: z.array(z.unknown()).nullable().optional(),
	})
	.passthrough();

/** A reply to a task array: its `data` entries and its error entries, as sent. */
export interface RunwareReply {
	statusCode: number;
	data: unknown[];
	errors: RunwareTaskError[];
}

/**
 * A failure of the whole request (authentication, payload, server error) belongs to every task in
 * it; a failure that names some of the tasks is theirs (see helpers/tasks.ts).
 */
const api: ProviderApi = {
	id: PROVIDER_ID,
	provider: PROVIDER,
	credentialType: CREDENTIAL_TYPE,
	errorOf(ctx, reply, request) {
		const node = ctx.getNode();
		const { itemIndex } = request.call;
		const status = reply.statusCode;
		const parsed = replySchema.safeParse(reply.body);
		if (!parsed.success || (parsed.data.data == null && parsed.data.errors == null)) {
			const description = `Reply: ${excerpt(reply.body, knownSecrets(ctx))}`;
			if (status >= 400)
				return providerError(node, PROVIDER, status, `HTTP ${status}`, {
					itemIndex,
					description,
					httpCode: status,
				});
			return apiError(node, `${PROVIDER} sent a reply that is not a valid API response`, {
				itemIndex,
				description,
				httpCode: status,
			});
		}
		if (status < 400) return undefined;
		const ours = new Set((request.body as IDataObject[]).map((task) => task.taskUUID));
		const errors = errorsOf(reply.body);
		const requestErrors = errors.filter(
			(error) => typeof error.taskUUID !== 'string' || !ours.has(error.taskUUID),
		);
		if (status === 401 || status === 403)
			return taskErrorOf(node, requestErrors[0] ?? errors[0], status, {
				itemIndex,
				description: `The API key was rejected (it is sent as "Authorization: Bearer <key>").${authHint(status, PROVIDER)}`,
			});
		// A failure that names none of our tasks is a failure of the whole request.
		if (requestErrors.length === errors.length)
			return taskErrorOf(node, requestErrors[0], status, {
				itemIndex,
				description: requestErrors[0]
					? `HTTP ${status}. The whole request was rejected.`
					: `Reply: ${excerpt(reply.body, knownSecrets(ctx))}`,
			});
		return undefined;
	},
};

/**
 * Sends several tasks (each with its `taskUUID`) in one request. Every task is paid work unless
 * the caller says otherwise (account reads): an ambiguous failure (502, 504, reset) of paid work
 * is not repeated.
 */
export async function apiRequest(
	ctx: IExecuteFunctions,
	tasks: IDataObject[],
	options: { call: ItemCall; idempotent: boolean },
): Promise<RunwareReply> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	const reply = await skeleton.apiRequest(ctx, api, {
		method: 'POST',
		baseUrl,
		path: '/v1',
		body: tasks,
		...options,
	});
	const body = reply.body as { data?: unknown[] | null };
	return { statusCode: reply.statusCode, data: body.data ?? [], errors: errorsOf(reply.body) };
}
