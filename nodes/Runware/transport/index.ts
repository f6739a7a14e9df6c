import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiCredentials } from '../../shared/credentials';
import { readApiCredentials } from '../../shared/credentials';
import { providerApiError } from '../../shared/errors';
import { parseJsonBody, sendWithRetry } from '../../shared/http';

export const PROVIDER = 'Runware';
export const CREDENTIAL_TYPE = 'runwareApi';
const DEFAULT_BASE_URL = 'https://api.runware.ai';

export async function getRunwareCredentials(ctx: IExecuteFunctions): Promise<ApiCredentials> {
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

function describeError(error: RunwareTaskError): string {
	const parts = [`${PROVIDER} error ${error.code ?? 'unknown'}: ${error.message ?? 'no message'}`];
	if (error.parameter) parts.push(`(parameter "${error.parameter}")`);
	return parts.join(' ');
}

function snippet(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return (text ?? '(empty)').slice(0, 300);
}

/**
 * Sends several tasks in one request and returns, in the order of `tasks`, each task's reply
 * object or its own error (matched by `taskUUID`). Throws when the whole request failed
 * (authentication, payload, server error): that failure belongs to every task in it.
 */
export async function runwareTasks(
	ctx: IExecuteFunctions,
	tasks: readonly RunwareTask[],
): Promise<Array<RunwareTaskResult | Error>> {
	const node = ctx.getNode();
	const credentials = await getRunwareCredentials(ctx);
	const { secrets } = credentials;
	const itemIndex = tasks[0]?.itemIndex ?? 0;
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		// Every task is paid work: an ambiguous failure (502, 504, reset) is not repeated.
		idempotent: false,
		itemIndex,
		secrets,
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
	const base = { itemIndex, secrets, httpCode: status };

	if (!reply.success || (reply.data.data == null && reply.data.errors == null)) {
		throw providerApiError(node, {
			...base,
			message:
				status >= 400
					? `${PROVIDER} replied with HTTP ${status}`
					: `${PROVIDER} sent a reply that is not a valid API response`,
			description: `Reply: ${snippet(body)}`,
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
		const first = requestErrors[0] ?? errors[0];
		throw providerApiError(node, {
			...base,
			message: `${PROVIDER} rejected the API key (HTTP ${status}): ${first?.message ?? 'unauthorized'}`,
			description:
				'Check the API key of the Runware credential (it is sent as "Authorization: Bearer <key>").',
			providerCode: first?.code,
		});
	}
	// A failure that names none of our tasks is a failure of the whole request.
	if (status >= 400 && taskErrors.size === 0) {
		const first = requestErrors[0];
		throw providerApiError(node, {
			...base,
			message: first ? describeError(first) : `${PROVIDER} replied with HTTP ${status}`,
			description: first
				? `HTTP ${status}. The whole request was rejected.`
				: `Reply: ${snippet(body)}`,
			providerCode: first?.code,
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
				: providerApiError(node, {
						...base,
						itemIndex: task.itemIndex,
						message: `${PROVIDER} reply for task ${uuid} is missing expected fields`,
						description: parsed.error.issues
							.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
							.join('; '),
					}),
		);
	}

	return tasks.map((task) => {
		const uuid = task.body.taskUUID;
		const error = taskErrors.get(uuid);
		if (error) return taskError(node, error, task, status, secrets);
		return results.get(uuid) ?? missingResult(node, task, status, requestErrors, secrets);
	});
}

function taskError(
	node: INode,
	error: RunwareTaskError,
	task: RunwareTask,
	status: number,
	secrets: readonly string[],
) {
	return providerApiError(node, {
		message: describeError(error),
		description: `Task ${task.body.taskUUID} of item ${task.itemIndex} was rejected by ${PROVIDER} (HTTP ${status}).`,
		providerCode: error.code,
		taskId: task.body.taskUUID,
		httpCode: status,
		itemIndex: task.itemIndex,
		secrets,
	});
}

function missingResult(
	node: INode,
	task: RunwareTask,
	status: number,
	requestErrors: readonly RunwareTaskError[],
	secrets: readonly string[],
) {
	const others = requestErrors.map(describeError).join('; ');
	return providerApiError(node, {
		message: `${PROVIDER} returned neither a result nor an error for task ${task.body.taskUUID}`,
		description:
			status >= 400
				? `The request was rejected (HTTP ${status}) because of other tasks sent with it${others ? `: ${others}` : ''}. Run this item again.`
				: `HTTP ${status}.${others ? ` Errors without a task: ${others}.` : ''}`,
		taskId: task.body.taskUUID,
		httpCode: status,
		itemIndex: task.itemIndex,
		secrets,
	});
}
