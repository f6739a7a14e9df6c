import type { z } from 'zod';

import { redact } from './errors';

/**
 * Reading provider replies: JSON that may arrive as text or bytes, excerpts for error messages,
 * and zod's findings in words.
 */

/**
 * A reply body as JSON when it is JSON text (error replies often arrive as text or bytes even
 * when JSON was asked for); anything else is returned unchanged, for error messages.
 */
export function parseJsonBody(body: unknown): unknown {
	let text: unknown = body;
	if (body instanceof ArrayBuffer) text = Buffer.from(body);
	if (Buffer.isBuffer(text)) text = text.toString('utf8');
	if (typeof text !== 'string') return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * The start of a reply, for an error's description. Keys are removed before the text is cut: a
 * key the cut ran through would otherwise keep its first characters.
 */
export function excerpt(body: unknown, secrets: readonly string[]): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text ? cutRedacted(text, secrets, 300) : '(empty)';
}

/** At most `max` characters of a text, with every secret removed first. */
export function cutRedacted(text: string, secrets: readonly string[], max: number): string {
	return redact(text, secrets).slice(0, max);
}

/** zod's issues as "path: problem; …", each path under `root` (e.g. "data"). */
export function describeIssues(error: z.ZodError, root?: string): string {
	return error.issues
		.map((issue) => {
			const path = [root, ...issue.path].filter((part) => part !== undefined).join('.');
			return `${path || '(reply)'}: ${issue.message}`;
		})
		.join('; ');
}
