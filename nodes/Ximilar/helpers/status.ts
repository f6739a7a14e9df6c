import { z } from 'zod';

import { cutRedacted } from '../../shared/replies';

/** Ximilar's status object, on the whole reply (`status`) and on each record (`_status`). */
export const statusSchema = z
	.object({
		code: z.coerce.number(),
		text: z.string().nullish(),
		error_description: z.unknown().optional(),
		request_id: z.string().nullish(),
	})
	.passthrough();

export type XimilarStatus = z.infer<typeof statusSchema>;

export const isSuccess = (code: number) => code >= 200 && code < 300;

export function statusText(status: XimilarStatus | undefined): string {
	return status?.text?.trim() || 'no status text';
}

/** The status's `error_description`, secrets removed, when it has one. */
export function describeStatusError(
	status: XimilarStatus | undefined,
	secrets: readonly string[],
): string | undefined {
	const detail = status?.error_description;
	if (detail === undefined || detail === null || detail === '') return undefined;
	return cutRedacted(typeof detail === 'string' ? detail : JSON.stringify(detail), secrets, 1000);
}
