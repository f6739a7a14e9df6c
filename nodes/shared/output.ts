import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ProviderId } from '../../providers.manifest';

export type { ProviderId };

/**
 * The output contract: the json every provider returns, so workflows can switch providers without
 * re-mapping fields. Binaries: `data` is the result; `mask`, `whiteBackground`, `preview_N`,
 * `original_N`, `data_N` are extras; every file is named by naming.ts. Errors: errors.ts.
 * test/contract.test.ts runs every provider's operations against it. ProviderId: the ids of
 * providers.manifest.ts (a type only: nothing of the manifest is loaded at run time).
 */

export interface ResultJson extends IDataObject {
	provider: ProviderId;
	/** "<resource>.<operation>", e.g. "video.removeBackground". */
	operation: string;
	status: 'done' | 'processing';
	taskId?: string;
	resultUrl?: string;
	/** What the provider reports it charged, in its own unit (see `costUnit`). */
	cost?: number;
	costUnit?: string;
	width?: number;
	height?: number;
	/** Set by resultItem: each output file's binary property, name, type and size. */
	outputFiles?: Array<{ property: string; fileName: string; mimeType: string; bytes?: number }>;
}

export function resultItem(json: ResultJson, binary?: IBinaryKeyData): INodeExecutionData {
	const cleaned: IDataObject = {};
	for (const [key, value] of Object.entries(json)) if (value !== undefined) cleaned[key] = value;
	const item: INodeExecutionData = { json: cleaned };
	if (binary && Object.keys(binary).length) {
		item.binary = binary;
		// An AI agent using the node as a tool gets the json only (n8n drops binary output before
		// the model): it says which files were made, so the agent can act on them.
		cleaned.outputFiles = Object.entries(binary).map(([property, file]) => ({
			property,
			fileName: file.fileName ?? '',
			mimeType: file.mimeType,
			...(file.bytes !== undefined ? { bytes: file.bytes } : {}),
		}));
	}
	return item;
}

/** The input item's json fields, then the result's: the result wins on a clash. */
export function withInputFields(input: IDataObject | undefined, result: IDataObject): IDataObject {
	return { ...(input ?? {}), ...result };
}
