import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { z } from 'zod';

import { apiError } from '../../shared/errors';
import { describeIssues } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import { apiRequest, PROVIDER } from '../transport';
import type { RunwareTaskError } from './taskErrors';
import { taskErrorOf } from './taskErrors';

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

export interface RunwareTask {
	/** The task's item, with its settings; the request is made with its first task's. */
	call: ItemCall;
	/** The task object, `taskUUID` included. */
	body: IDataObject & { taskUUID: string };
}

/**
 * Sends several tasks in one request and returns, in the order of `tasks`, each task's reply
 * object or its own error (matched by `taskUUID`). Throws when the whole request failed
 * (authentication, payload, server error): that failure belongs to every task in it.
 */
export async function runTasks(
	ctx: IExecuteFunctions,
	tasks: readonly RunwareTask[],
	options: { idempotent?: boolean } = {},
): Promise<Array<RunwareTaskResult | Error>> {
	const node = ctx.getNode();
	// The request is made with its first task's call (its Request Timeout); no task, no request.
	const [first] = tasks;
	if (!first) return [];
	const reply = await apiRequest(
		ctx,
		tasks.map((task) => task.body),
		{ call: first.call, idempotent: options.idempotent ?? false },
	);
	const status = reply.statusCode;
	const ours = new Set(tasks.map((task) => task.body.taskUUID));
	const taskErrors = new Map<string, RunwareTaskError>();
	const requestErrors: RunwareTaskError[] = [];
	for (const error of reply.errors) {
		if (typeof error.taskUUID === 'string' && ours.has(error.taskUUID)) {
			if (!taskErrors.has(error.taskUUID)) taskErrors.set(error.taskUUID, error);
		} else requestErrors.push(error);
	}

	const results = new Map<string, RunwareTaskResult | Error>();
	for (const entry of reply.data) {
		const uuid = (entry as { taskUUID?: unknown } | null)?.taskUUID;
		if (typeof uuid !== 'string' || !ours.has(uuid) || results.has(uuid)) continue;
		const parsed = taskResultSchema.safeParse(entry);
		const task = tasks.find((t) => t.body.taskUUID === uuid)!;
		results.set(
			uuid,
			parsed.success
				? parsed.data
				: apiError(node, `${PROVIDER} reply for task ${uuid} is missing expected fields`, {
						itemIndex: task.call.itemIndex,
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
				itemIndex: task.call.itemIndex,
				taskId: uuid,
				description: `Task ${uuid} of item ${task.call.itemIndex} was rejected by ${PROVIDER} (HTTP ${status}).`,
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
			itemIndex: task.call.itemIndex,
		},
	);
}
