import type { IBinaryKeyData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';

import { downloadResult } from '../../shared/download';
import { operationError } from '../../shared/errors';
import { resultItem } from '../../shared/output';
import type { PollSchedule } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import type { ItemCall } from '../../shared/run';
import { apiRequest, PROVIDER, PROVIDER_ID } from '../transport';
import { TEMPLATE_SECONDS } from '../transport/prices';

export { TEMPLATE_SECONDS };

const STATUS = { 0: 'processing', 1: 'done', 2: 'failed' } as const;

const animationTaskSchema = z
	.object({
		taskId: z.union([z.number(), z.string()]).optional(),
		status: z.union([z.literal(0), z.literal(1), z.literal(2)]),
		resultUrl: z.string().nullable().optional(),
		gifUrl: z.string().nullable().optional(),
		failReason: z.string().nullable().optional(),
		msg: z.string().nullable().optional(),
	})
	.passthrough();

export type AnimationTask = z.infer<typeof animationTaskSchema>;

export async function getAnimationTask(ctx: IExecuteFunctions, taskId: string, call: ItemCall) {
	return await apiRequest(
		ctx,
		{
			method: 'GET',
			path: 'faceDriven/getTaskInfo',
			qs: { taskId },
			call,
			idempotent: true,
		},
		animationTaskSchema,
	);
}

function failure(ctx: IExecuteFunctions, task: AnimationTask, taskId: string, itemIndex: number) {
	const reason =
		task.failReason ?? task.msg ?? 'the provider gives no reason (often: no face detected)';
	return operationError(
		ctx.getNode(),
		`${PROVIDER} Photo Animer task ${taskId} failed: ${reason}`,
		{
			itemIndex,
			taskId,
		},
	);
}

export async function waitForAnimation(
	ctx: IExecuteFunctions,
	taskId: string,
	schedule: PollSchedule,
	call: ItemCall,
): Promise<AnimationTask> {
	return await pollUntilDone<AnimationTask>(ctx, {
		provider: PROVIDER,
		taskId,
		call,
		schedule,
		resumeHint: `Use Photo → Get Task with task ID ${taskId} to fetch the result later.`,
		check: async () => {
			const task = await getAnimationTask(ctx, taskId, call);
			if (task.status === 2) throw failure(ctx, task, taskId, call.itemIndex);
			return task.status === 1 ? { done: true, value: task } : { done: false };
		},
	});
}

/** An animation task as an output item; `data` is the GIF when one was made, else the MP4. */
export async function animationItem(
	ctx: IExecuteFunctions,
	task: AnimationTask,
	taskId: string,
	options: {
		operation: string;
		download: boolean;
		call: ItemCall;
		/** Source part of the result's name (naming.ts). */
		source: string;
		templateId?: number;
	},
): Promise<INodeExecutionData> {
	if (task.status === 2) throw failure(ctx, task, taskId, options.call.itemIndex);
	const binary: IBinaryKeyData = {};
	const resultUrl = task.gifUrl || task.resultUrl || undefined;
	if (task.status === 1 && resultUrl && options.download) {
		binary.data = await downloadResult(ctx, {
			provider: PROVIDER,
			url: resultUrl,
			call: options.call,
			name: { source: options.source, role: 'animation' },
			taskId,
		});
	}
	const cost = options.templateId !== undefined ? TEMPLATE_SECONDS[options.templateId] : undefined;
	return resultItem(
		{
			provider: PROVIDER_ID,
			operation: options.operation,
			taskId,
			status: STATUS[task.status],
			resultUrl,
			videoUrl: task.resultUrl ?? undefined,
			gifUrl: task.gifUrl ?? undefined,
			cost,
			costUnit: cost !== undefined ? 'video seconds' : undefined,
		},
		binary,
	);
}
