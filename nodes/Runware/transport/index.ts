import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiCredentials } from '../../shared/credentials';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { sendWithRetry } from '../../shared/http';
import { describeIssues, excerpt, parseJsonBody } from '../../shared/replies';

export const PROVIDER = 'Runware';
export const PROVIDER_ID = 'runware' as const;
export const CREDENTIAL_TYPE = 'runwareApi';
export const DEFAULT_BASE_URL = 'https://api.runware.ai';

async function getRunwareCredentials(ctx: IExecuteFunctions): Promise<ApiCredentials> {
	return await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
}

/** One reply object of `data`; only the fields we use are checked, the rest is kept. */
const taskResultSchema = z
	.object({
		taskType: z.string().optional(),
		taskUUID: z.string(),
		imageUUID: z.string().optional(),
		imageURL: z.string().optional(),
		imageBase64Data: z.string().optional(),
		imageDataURI: z.string().optional(),
		cost: z.coerce.number().optional(),
	})
	.passthrough();

export type RunwareTaskResult = z.infer<typeof taskResultSchema>;

const taskErrorSchema = z
	.object({
		code: z.coerce.string().optional(),
		message: z.coerce.string().optional(),
		parameter: z.coerce.string().optional(),
		taskType: z.unknown().optional(),
		taskUUID: z.unknown().optional(),
	})
	.passthrough();

type RunwareTaskError = z.infer<typeof taskErrorSchema>;

const replySchema = z
	.object({
		data: z.array(z.unknown()).nullable().optional(),
		errors: z.array(z.unknown()).nullable().optional(),
	})
	.passthrough();

export interface RunwareTask {
	itemIndex: number;
	/** The task object, `taskUUID` included. */
	body: IDataObject & { taskUUID: string };
}

/** A Runware error entry as the contract's error: `Runware error <code>: <message> (parameter "x")`. */
function taskErrorOf(
	node: INode,
	error: RunwareTaskError | undefined,
	status: number,
	details: { itemIndex: number; taskId?: string; description?: string },
) {
	const text = error
		? `${error.message ?? 'no message'}${error.parameter ? ` (parameter "${error.parameter}")` : ''}`
		: `HTTP ${status}`;
	return providerError(node, PROVIDER, error?.code ?? status, text, {
		...details,
		httpCode: status,
	});
}

/**
 * Sends several tasks in one request and returns, in the order of `tasks`, each task's reply
 * object or its own error (matched by `taskUUID`). Throws when the whole request failed
 * (authentication, payload, server error): that failure belongs to every task in it.
 */
export async function runwareTasks(
	ctx: IExecuteFunctions,
	tasks: readonly RunwareTask[],
	options: { idempotent?: boolean } = {},
): Promise<Array<RunwareTaskResult | Error>> {
	const node = ctx.getNode();
	const credentials = await getRunwareCredentials(ctx);
	const itemIndex = tasks[0]?.itemIndex ?? 0;
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		// Every task is paid work unless the caller says otherwise (account reads): an ambiguous
		// failure (502, 504, reset) of paid work is not repeated.
		idempotent: options.idempotent ?? false,
		itemIndex,
		request: () => ({
			method: 'POST',
			baseURL: credentials.baseUrl,
			url: '/v1',
			body: tasks.map((task) => task.body),
			json: true,
		}),
	});
	const status = response.statusCode;
	const body = parseJsonBody(response.body);
	const reply = replySchema.safeParse(body);
	if (!reply.success || (reply.data.data == null && reply.data.errors == null)) {
		const description = `Reply: ${excerpt(body, knownSecrets(ctx))}`;
		if (status >= 400)
			throw providerError(node, PROVIDER, status, `HTTP ${status}`, {
				itemIndex,
				description,
				httpCode: status,
			});
		throw apiError(node, `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex,
			description,
			httpCode: status,
		});
	}

	const errors = (reply.data.errors ?? []).flatMap((entry) => {
		const parsed = taskErrorSchema.safeParse(entry);
		return parsed.success ? [parsed.data] : [];
	});
	const ours = new Set(tasks.map((task) => task.body.taskUUID));
	const taskErrors = new Map<string, RunwareTaskError>();
	const requestErrors: RunwareTaskError[] = [];
	for (const error of errors) {
		if (typeof error.taskUUID === 'string' && ours.has(error.taskUUID)) {
			if (!taskErrors.has(error.taskUUID)) taskErrors.set(error.taskUUID, error);
		} else requestErrors.push(error);
	}

	if (status === 401 || status === 403) {
		throw taskErrorOf(node, requestErrors[0] ?? errors[0], status, {
			itemIndex,
			description: `The API key was rejected (it is sent as "Authorization: Bearer <key>").${authHint(status, PROVIDER)}`,
		});
	}
	// A failure that names none of our tasks is a failure of the whole request.
	if (status >= 400 && taskErrors.size === 0) {
		throw taskErrorOf(node, requestErrors[0], status, {
			itemIndex,
			description: requestErrors[0]
				? `HTTP ${status}. The whole request was rejected.`
				: `Reply: ${excerpt(body, knownSecrets(ctx))}`,
		});
	}

	const results = new Map<string, RunwareTaskResult | Error>();
	for (const entry of reply.data.data ?? []) {
		const uuid = (entry as { taskUUID?: unknown } | null)?.taskUUID;
		if (typeof uuid !== 'string' || !ours.has(uuid) || results.has(uuid)) continue;
		const parsed = taskResultSchema.safeParse(entry);
		const task = tasks.find((t) => t.body.taskUUID === uuid)!;
		results.set(
			uuid,
			parsed.success
				? parsed.data
				: apiError(node, `${PROVIDER} reply for task ${uuid} is missing expected fields`, {
						itemIndex: task.itemIndex,
						httpCode: status,
						taskId: uuid,
						description: describeIssues(parsed.error),
					}),
		);
	}

	return tasks.map((task) => {
		const uuid = task.body.taskUUID;
		const error = taskErrors.get(uuid);
		if (error)
			return taskErrorOf(node, error, status, {
				itemIndex: task.itemIndex,
				taskId: uuid,
				description: `Task ${uuid} of item ${task.itemIndex} was rejected by ${PROVIDER} (HTTP ${status}).`,
			});
		return results.get(uuid) ?? missingResult(node, task, status, requestErrors);
	});
}

function missingResult(
	node: INode,
	task: RunwareTask,
	status: number,
	requestErrors: readonly RunwareTaskError[],
) {
	const others = requestErrors
		.map((error) => `${error.code ?? 'unknown'}: ${error.message ?? 'no message'}`)
		.join('; ');
	return apiError(
		node,
		`${PROVIDER} returned neither a result nor an error for task ${task.body.taskUUID}`,
		{
			description:
				status >= 400
					? `The request was rejected (HTTP ${status}) because of other tasks sent with it${others ? `: ${others}` : ''}. Run this item again.`
					: `HTTP ${status}.${others ? ` Errors without a task: ${others}.` : ''}`,
			taskId: task.body.taskUUID,
			httpCode: status,
			itemIndex: task.itemIndex,
		},
	);
}
