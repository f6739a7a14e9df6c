import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The error contract. Every provider's errors read the same way:
 * - the provider refused or failed the work: `<Provider> error <code>: <provider's text>`, where
 *   code is the provider's own error code, else the HTTP status (`providerError`);
 * - no usable reply: `<Provider> could not be reached: …` or `<Provider> sent a reply that is not
 *   a valid API response` (`apiError`);
 * - bad input, before any request: `Invalid "<field>" in item <n>: …` (`inputError`).
 * With Continue On Fail, `errorJson` (execute.ts) gives every error item the same json fields.
 * API keys are removed from every error in one place, `redactError`, when it leaves the node.
 */

export interface ErrorDetails {
	/** Longer explanation, or an excerpt of the provider's reply. */
	description?: string;
	/** HTTP status, when the error came from an HTTP reply. */
	httpCode?: number;
	/** The provider's own error code, shown verbatim. */
	providerCode?: string | number;
	/** A task that exists at the provider, so the user can resume it with Get Task. */
	taskId?: string;
	/** The result file's URL, when the work was done but its file could not be stored. */
	resultUrl?: string;
	itemIndex: number;
}

/** An error built only from what we choose to show: never from an HTTP client error object. */
export function apiError(node: INode, message: string, details: ErrorDetails): NodeApiError {
	const response: JsonObject = { message };
	if (details.providerCode !== undefined) response.code = details.providerCode;
	if (details.taskId !== undefined) response.taskId = details.taskId;
	const error = new NodeApiError(node, response, {
		message,
		description: details.description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
	attachContext(error, details);
	return error;
}

/** The provider refused or failed the work: `<Provider> error <code>: <text>`. */
export function providerError(
	node: INode,
	provider: string,
	code: string | number,
	text: string,
	details: ErrorDetails,
): NodeApiError {
	const message = `${provider} error ${code}: ${text.trim() || 'no message'}`;
	return apiError(node, message, { providerCode: code, ...details });
}

/** What an authentication failure (401/403) should make the user check. */
export function authHint(status: number, credentialName: string): string {
	return status === 401 || status === 403
		? ` Check the API key of the ${credentialName} credential.`
		: '';
}

export function inputError(node: INode, itemIndex: number, field: string, problem: string) {
	return new NodeOperationError(node, `Invalid "${field}" in item ${itemIndex}: ${problem}`, {
		itemIndex,
		description: `Parameter "${field}" of item ${itemIndex} was rejected before any request was sent to the provider.`,
	});
}

export function operationError(
	node: INode,
	message: string,
	details: Omit<ErrorDetails, 'httpCode'>,
) {
	const error = new NodeOperationError(node, message, {
		itemIndex: details.itemIndex,
		description: details.description,
	});
	attachContext(error, details);
	return error;
}

/**
 * Gives an error the id of a task that already exists at the provider (when it has none), so a
 * failure after the paid work started (a status check, a download) still says what to resume.
 */
export function withTaskId<E>(error: E, taskId: string | undefined): E {
	const known = error instanceof NodeApiError || error instanceof NodeOperationError;
	if (known && taskId !== undefined && error.context?.taskId === undefined)
		attachContext(error, { taskId });
	return error;
}

/** The machine-readable fields an error carries into Continue On Fail output. */
export const CONTEXT_FIELDS = ['taskId', 'providerCode', 'resultUrl'] as const;

function attachContext(
	error: NodeApiError | NodeOperationError,
	details: Partial<Record<(typeof CONTEXT_FIELDS)[number], string | number>>,
) {
	const context: IDataObject = error.context ?? {};
	for (const key of CONTEXT_FIELDS) if (details[key] !== undefined) context[key] = details[key];
	error.context = context;
}

/**
 * Replaces every secret value in a text, so provider replies that echo headers cannot leak keys.
 * A key stored with surrounding whitespace travels (and is echoed) without it.
 */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		for (const value of new Set([secret, secret.trim()]))
			if (value.length >= 4) out = out.split(value).join('***');
	}
	return out;
}

/** Removes secrets from every text an error shows (message, description, reply, context). */
export function redactError<E>(error: E, secrets: readonly string[]): E {
	if (!secrets.length || !(error instanceof Error)) return error;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.messages = error.messages.map((text) => redact(text, secrets));
		// The reply object we built the error from (apiError's `response`) and the context.
		for (const record of [error.errorResponse, error.context]) redactFields(record, secrets);
	}
	// The error and its cause chain: n8n serialises each cause's message (and stack) too.
	const seen = new Set<unknown>();
	for (let current: unknown = error; current && typeof current === 'object'; ) {
		if (seen.has(current) || seen.size >= 10) break;
		seen.add(current);
		redactFields(current, secrets);
		current = (current as { cause?: unknown }).cause;
	}
	return error;
}

/** Redacts an object's own text fields (message, description, stack, …), including non-enumerable ones. */
function redactFields(record: unknown, secrets: readonly string[]) {
	if (!record || typeof record !== 'object') return;
	const fields = record as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(fields)) {
		const value = fields[key];
		if (typeof value !== 'string') continue;
		const redacted = redact(value, secrets);
		if (redacted === value) continue;
		try {
			fields[key] = redacted;
		} catch {
			// A read-only field: nothing to write to.
		}
	}
}
