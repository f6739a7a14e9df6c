import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Replaces every secret value in a text, so provider replies that echo headers cannot leak keys. */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('***');
	}
	return out;
}

export interface ProviderErrorDetails {
	/** Short, user-facing message. */
	message: string;
	/** Longer explanation or the provider's raw reply. */
	description?: string;
	/** HTTP status, when the error came from an HTTP reply. */
	httpCode?: number;
	/** The provider's own error code (e.g. Cutout.pro `code`), shown verbatim. */
	providerCode?: string | number;
	/** A task that exists at the provider, so the user can resume with Get Task. */
	taskId?: string;
	itemIndex: number;
	secrets: readonly string[];
}

/**
 * An error built only from what we choose to show: never from an HTTP client error object,
 * whose request config carries the credential headers.
 */
export function providerApiError(node: INode, details: ProviderErrorDetails): NodeApiError {
	const message = redact(details.message, details.secrets);
	const description = details.description
		? redact(details.description, details.secrets)
		: undefined;
	const response: JsonObject = { message };
	if (details.providerCode !== undefined) response.code = details.providerCode;
	if (details.taskId !== undefined) response.taskId = details.taskId;
	const error = new NodeApiError(node, response, {
		message,
		description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
	attachContext(error, details);
	return error;
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
	details: {
		itemIndex: number;
		description?: string;
		taskId?: string;
		providerCode?: string | number;
	},
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

/** Keeps machine-readable fields on the error so continue-on-fail output can carry them. */
function attachContext(
	error: NodeApiError | NodeOperationError,
	details: { taskId?: string; providerCode?: string | number },
) {
	const context: IDataObject = error.context ?? {};
	if (details.taskId !== undefined) context.taskId = details.taskId;
	if (details.providerCode !== undefined) context.providerCode = details.providerCode;
	error.context = context;
}
