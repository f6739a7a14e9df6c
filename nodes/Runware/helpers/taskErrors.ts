import type { INode } from 'n8n-workflow';
import { z } from 'zod';

import { providerError } from '../../shared/errors';
import { PROVIDER } from '../transport';

const taskErrorSchema = z
	.object({
		code: z.coerce.string().optional(),
		message: z.coerce.string().optional(),
		parameter: z.coerce.string().optional(),
		taskType: z.unknown().optional(),
		taskUUID: z.unknown().optional(),
	})
	.passthrough();

export type RunwareTaskError = z.infer<typeof taskErrorSchema>;

const errorListSchema = z
	.object({ errors: z.array(z.unknown()).nullable().optional() })
	.passthrough();

/** A Runware error entry as the contract's error: `Runware error <code>: <message> (parameter "x")`. */
export function taskErrorOf(
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

/** The error entries of a reply that can be read. */
export function errorsOf(body: unknown): RunwareTaskError[] {
	const reply = errorListSchema.safeParse(body);
	return (reply.success ? (reply.data.errors ?? []) : []).flatMap((entry) => {
		const parsed = taskErrorSchema.safeParse(entry);
		return parsed.success ? [parsed.data] : [];
	});
}
