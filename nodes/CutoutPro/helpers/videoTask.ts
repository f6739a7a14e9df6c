import type {
	IBinaryKeyData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import { downloadResult, downloadResultFile, MAX_IMAGE_RESULT_BYTES } from '../../shared/download';
import { operationError } from '../../shared/errors';
import { resultItem } from '../../shared/output';
import type { PollSchedule } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import type { ItemCall } from '../../shared/run';
import type { VideoKind } from '../../shared/media';
import { sniffVideo, VIDEO_ACCEPTED } from '../../shared/media';
import { apiRequest, PROVIDER, PROVIDER_ID } from '../transport';
import type { UrlInputSpec } from './urlInput';

const previewFrameSchema = z.object({
	time: z.coerce.number(),
	image: z.string(),
	matting: z.string(),
});

/** `getTaskInfo` serves both video tasks (resultUrl) and preview tasks (previewImage). */
const videoTaskSchema = z
	.object({
		taskFlag: z.string().optional(),
		status: z.string(),
		percentage: z.union([z.string(), z.number()]).nullable().optional(),
		resultUrl: z.string().nullable().optional(),
		previewImage: z.array(previewFrameSchema).nullable().optional(),
		failReason: z.string().nullable().optional(),
		msg: z.string().nullable().optional(),
	})
	.passthrough();

export type VideoTask = z.infer<typeof videoTaskSchema>;

export const taskFlagSchema = z.object({ taskFlag: z.string().min(1) });

/** The video of Remove Background and Create Preview: a URL, or a binary n8n serves at a URL. */
export function videoInput(description: string): UrlInputSpec<VideoKind> {
	return {
		source: { name: 'inputType', label: 'Input' },
		url: {
			displayName: 'Video URL',
			name: 'videoUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/clip.mp4',
			hint: 'Cutout.pro takes only a public URL of a video or GIF. For a file of the item, choose Input: Binary File.',
			description,
		},
		binary: {
			name: 'binaryPropertyName',
			label: 'Input Binary Field',
			default: 'data',
			hint: `A video or GIF (${VIDEO_ACCEPTED}). n8n must be reachable from the internet (WEBHOOK_URL).`,
		},
		rules: { sniff: sniffVideo, accepted: VIDEO_ACCEPTED, what: 'video or GIF' },
	};
}

export const downloadFramesField: INodeProperties = {
	displayName: 'Download Frames',
	name: 'downloadFrames',
	type: 'boolean',
	default: false,
	description:
		'Whether to download each frame as binaries: "preview_N" (background removed) and "original_N" (the source frame)',
};

/** The task ID field of Get Task and Get Preview (Cutout.pro calls a video task's ID its taskFlag). */
export function taskIdField(returnedBy: string): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskFlag',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 08ba8388bdb54498a3bb0fc92ce2341e',
		description: `The taskId output of ${returnedBy} (Cutout.pro calls it taskFlag)`,
	};
}

export async function getVideoTask(
	ctx: IExecuteFunctions,
	taskFlag: string,
	call: ItemCall,
): Promise<VideoTask> {
	return await apiRequest(
		ctx,
		{
			method: 'GET',
			path: 'video/getTaskInfo',
			qs: { taskFlag },
			call,
			idempotent: true,
		},
		videoTaskSchema,
	);
}

/** The documented states are processing and done; anything else is treated as a failure. */
function isFailed(task: VideoTask) {
	return task.status !== 'processing' && task.status !== 'done';
}

function percentageOf(task: VideoTask): number | undefined {
	const value = Number(task.percentage);
	return Number.isFinite(value) ? value : undefined;
}

function failure(ctx: IExecuteFunctions, task: VideoTask, taskFlag: string, itemIndex: number) {
	const reason = task.failReason ?? task.msg ?? `status "${task.status}"`;
	return operationError(ctx.getNode(), `${PROVIDER} task ${taskFlag} failed: ${reason}`, {
		itemIndex,
		taskId: taskFlag,
	});
}

export async function waitForVideoTask(
	ctx: IExecuteFunctions,
	taskFlag: string,
	schedule: PollSchedule,
	call: ItemCall,
	isReady: (task: VideoTask) => boolean,
): Promise<VideoTask> {
	return await pollUntilDone<VideoTask>(ctx, {
		provider: PROVIDER,
		taskId: taskFlag,
		call,
		schedule,
		resumeHint: `Use the Get Task operation with task ID ${taskFlag} to fetch the result later.`,
		check: async () => {
			const task = await getVideoTask(ctx, taskFlag, call);
			if (isFailed(task)) throw failure(ctx, task, taskFlag, call.itemIndex);
			if (task.status === 'done' && isReady(task)) return { done: true, value: task };
			return { done: false, progress: task.percentage != null ? `${task.percentage}%` : undefined };
		},
	});
}

export const videoResultReady = (task: VideoTask) => Boolean(task.resultUrl);
export const previewReady = (task: VideoTask) => Array.isArray(task.previewImage);

/** Turns a video task into an output item; downloads the video when it is done and asked for. */
export async function videoTaskItem(
	ctx: IExecuteFunctions,
	task: VideoTask,
	taskFlag: string,
	options: {
		operation: string;
		download: boolean;
		call: ItemCall;
		source: string;
		/** Skip Download Above, in bytes (read in prepare). */
		skipAboveBytes?: number;
	},
): Promise<INodeExecutionData> {
	if (isFailed(task)) throw failure(ctx, task, taskFlag, options.call.itemIndex);
	const binary: IBinaryKeyData = {};
	let downloadSkipped: string | undefined;
	if (task.status === 'done' && task.resultUrl && options.download) {
		const file = await downloadResultFile(ctx, {
			provider: PROVIDER,
			url: task.resultUrl,
			call: options.call,
			name: { source: options.source, role: 'nobg' },
			taskId: taskFlag,
			skipAboveBytes: options.skipAboveBytes,
		});
		if ('binary' in file) binary.data = file.binary;
		else downloadSkipped = file.skipped;
	}
	return resultItem(
		{
			provider: PROVIDER_ID,
			operation: options.operation,
			taskId: taskFlag,
			status: task.status === 'done' ? 'done' : 'processing',
			percentage: percentageOf(task),
			resultUrl: task.resultUrl ?? undefined,
			downloadSkipped,
		},
		binary,
	);
}

/** Turns a preview task into an output item: frames with times, and their images when asked. */
export async function previewTaskItem(
	ctx: IExecuteFunctions,
	task: VideoTask,
	taskFlag: string,
	options: { operation: string; downloadFrames: boolean; call: ItemCall; source: string },
): Promise<INodeExecutionData> {
	if (isFailed(task)) throw failure(ctx, task, taskFlag, options.call.itemIndex);
	const frames = task.previewImage ?? [];
	const binary: IBinaryKeyData = {};
	if (options.downloadFrames && frames.length) {
		const common = {
			provider: PROVIDER,
			call: options.call,
			taskId: taskFlag,
			maxBytes: MAX_IMAGE_RESULT_BYTES,
		};
		for (const [index, frame] of frames.entries()) {
			binary[`preview_${index}`] = await downloadResult(ctx, {
				...common,
				url: frame.matting,
				name: { source: options.source, role: 'preview', index },
			});
			binary[`original_${index}`] = await downloadResult(ctx, {
				...common,
				url: frame.image,
				name: { source: options.source, role: 'original', index },
			});
		}
	}
	return resultItem(
		{
			provider: PROVIDER_ID,
			operation: options.operation,
			taskId: taskFlag,
			status: task.status === 'done' ? 'done' : 'processing',
			percentage: percentageOf(task),
			frames: frames.map((frame, index) => ({
				time: frame.time,
				imageUrl: frame.image,
				mattingUrl: frame.matting,
				...(options.downloadFrames
					? { mattedBinary: `preview_${index}`, originalBinary: `original_${index}` }
					: {}),
			})),
		},
		binary,
	);
}
