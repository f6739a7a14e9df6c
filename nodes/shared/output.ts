import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * The json every provider returns, so workflows can switch providers without re-mapping fields.
 * Binaries: `data` is the result; `mask`, `whiteBackground`, `preview…` are optional extras.
 */
export interface ResultJson extends IDataObject {
	provider: string;
	/** "<resource>.<operation>", e.g. "video.removeBackground". */
	operation: string;
	status: 'done' | 'processing' | 'failed';
	taskId?: string;
	resultUrl?: string;
	/** What the provider reports it charged, in its own unit (see `costUnit`). */
	cost?: number;
	costUnit?: string;
	width?: number;
	height?: number;
}

export function resultItem(json: ResultJson, binary?: IBinaryKeyData): INodeExecutionData {
	const cleaned: IDataObject = {};
	for (const [key, value] of Object.entries(json)) if (value !== undefined) cleaned[key] = value;
	const item: INodeExecutionData = { json: cleaned };
	if (binary && Object.keys(binary).length) item.binary = binary;
	return item;
}
