/** Get Task: one operation shape for every provider whose work is a task fetched again by its ID. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { ItemOperation } from './execute';
import { itemParameters } from './parameters';
import type { ItemCall } from './run';

export interface GetTaskSpec<T, E extends IDataObject> {
	option: { name: string; description: string; action: string };
	/** The ID field: its name is the parameter read, its display name names it in errors. */
	idField: INodeProperties;
	/** The fields after it (Download Result and the like), read by `read`. */
	fields: INodeProperties[];
	/** The output's `operation`, e.g. "video.getTask". */
	operation: string;
	read(ctx: IExecuteFunctions, itemIndex: number): E;
	/** Reads the task (a free status read). */
	fetch(ctx: IExecuteFunctions, id: string, call: ItemCall): Promise<T>;
	/** The task as an output item, as the submitting operation makes it. */
	item(
		ctx: IExecuteFunctions,
		task: T,
		id: string,
		options: E & { operation: string; call: ItemCall; source: string },
	): Promise<INodeExecutionData>;
}

/** An operation module (option, fields, work) that reads a task by its ID and outputs it. */
export function getTaskOperation<T, E extends IDataObject>(spec: GetTaskSpec<T, E>) {
	const operation: ItemOperation<{ id: string; more: E }> = {
		async prepare(ctx, itemIndex) {
			const { name, displayName } = spec.idField;
			return {
				id: itemParameters(ctx, itemIndex).text(name, displayName),
				more: spec.read(ctx, itemIndex),
			};
		},
		async run(ctx, { id, more }, call) {
			const task = await spec.fetch(ctx, id, call);
			// Named after the task: the input's name is not known here.
			return await spec.item(ctx, task, id, {
				...more,
				operation: spec.operation,
				call,
				source: id,
			});
		},
	};
	return { option: spec.option, description: [spec.idField, ...spec.fields], operation };
}
