import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationError } from './errors';
import { formatBytes } from './input';

/**
 * n8n's `database` binary mode (queue mode's default) holds each file whole in memory and refuses
 * one above N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (512 MB by default, at most 1024) with
 * n8n-core's FileTooLargeError, whose message reads "… because its size of 600.5 MB exceeds the
 * max size limit of 512 MB set for `database` mode …". Matched on the message: the class is
 * n8n-core's, which community nodes may not import.
 */
const LIMIT_MESSAGE =
	/size of ([\d.]+) MB exceeds the max size limit of (\d+) MB set for `database` mode/;

export const BINARY_LIMIT_SETTING = 'N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE';

/** The limit (and the size n8n saw) when `error` is n8n refusing a file for its size. */
export function binaryStoreLimitOf(
	error: unknown,
): { limitMb: number; seenMb: number } | undefined {
	const match = LIMIT_MESSAGE.exec((error as Error | undefined)?.message ?? '');
	return match ? { seenMb: Number(match[1]), limitMb: Number(match[2]) } : undefined;
}

/**
 * A per-item error for a result n8n could not store because of its size: says the size (the
 * reply's Content-Length, else what n8n counted: it reads the whole file before refusing it), the
 * limit and the setting that raises it, and keeps the task id and result URL so the file can
 * still be fetched.
 */
export function binaryStoreLimitError(
	ctx: IExecuteFunctions,
	details: {
		provider: string;
		url: string;
		itemIndex: number;
		limitMb: number;
		seenMb: number;
		/** The reply's Content-Length; undefined when the provider did not announce one. */
		contentLength?: number;
		taskId?: string;
	},
) {
	const size =
		details.contentLength !== undefined
			? formatBytes(details.contentLength)
			: `${details.seenMb.toFixed(1)} MB`;
	return operationError(
		ctx.getNode(),
		`${details.provider} result file is ${size}, above n8n's ${details.limitMb} MB limit for binary data kept in its database`,
		{
			itemIndex: details.itemIndex,
			description: `n8n keeps binary data in its database (N8N_DEFAULT_BINARY_DATA_MODE=database, queue mode's default) and holds each file in memory while storing it. Raise ${BINARY_LIMIT_SETTING} (in MB, at most 1024) on every n8n process, or, where the node offers it, set "Skip Download Above" so the item keeps the result URL instead of the file. The task itself finished; its result: ${details.url}`,
			taskId: details.taskId,
			resultUrl: details.url,
		},
	);
}

/** "Skip Download Above" (MB; 0 = always download), shown with a Download Result switch. */
export const skipDownloadAboveField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Skip Download Above (MB)',
	name: 'skipDownloadAboveMb',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Results larger than this (as announced by the provider, or counted while downloading) are not downloaded: the item keeps the result URL and says why in "downloadSkipped". 0 downloads every size. Useful below n8n\'s binary data limit in queue mode (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE).',
	displayOptions,
});

/** Why a download was skipped, for the item's `downloadSkipped` field. */
export function skippedReason(bytes: number, limitBytes: number, counted = false): string {
	const size = counted
		? `more than ${formatBytes(limitBytes)} (counted while downloading)`
		: formatBytes(bytes);
	return `the result is ${size}, above Skip Download Above (${formatBytes(limitBytes)}): not downloaded, fetch it from resultUrl`;
}
