/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code */
/**
 * A node built only from the shared modules (execute, retry, polling, parameters, output), run
 * through n8n-core's engine like the provider nodes, so the shared code is tested on its own.
 * Each item's json says what its "provider call" does; the node records what happened.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { commonOptions } from '../../nodes/shared/descriptions';
import { readPollSchedule } from '../../nodes/shared/settings';
import { apiError, inputError } from '../../nodes/shared/errors';
import type { ItemOperation } from '../../nodes/shared/execute';
import { runOperation } from '../../nodes/shared/router';
import { sendWithRetry } from '../../nodes/shared/http';
import { resultItem } from '../../nodes/shared/output';
import { itemParameters } from '../../nodes/shared/parameters';
import { pollUntilDone } from '../../nodes/shared/polling';
import { PROVIDERS } from '../../providers.manifest';

/** The provider the probes' items name: the manifest's first (each package's tree has its own). */
export const PROBE_PROVIDER = PROVIDERS[0].id;

export interface ProbeLog {
	started: number[];
	maxInFlight: number;
	pollsChecked: number;
}

export const log: ProbeLog = { started: [], maxInFlight: 0, pollsChecked: 0 };
let inFlight = 0;

export function resetLog() {
	log.started = [];
	log.maxInFlight = 0;
	log.pollsChecked = 0;
	inFlight = 0;
}

interface Params {
	action: string;
	url?: string;
	idempotent: boolean;
	pollsUntilDone: number;
}

const operation: ItemOperation<Params> = {
	async prepare(ctx, itemIndex) {
		const read = itemParameters(ctx, itemIndex);
		const action = read.option('action', 'Action', ['ok', 'fail', 'send', 'poll'] as const);
		if (read.boolean('badInput', 'Bad Input', false))
			throw inputError(ctx.getNode(), itemIndex, 'Bad Input', 'rejected on purpose');
		return {
			action,
			url: read.optionalText('url', 'URL'),
			idempotent: read.boolean('idempotent', 'Idempotent', true),
			pollsUntilDone: read.integer('pollsUntilDone', 'Polls', 0, 1000, 0),
		};
	},
	async run(ctx, params, call) {
		const { itemIndex } = call;
		log.started.push(itemIndex);
		inFlight++;
		log.maxInFlight = Math.max(log.maxInFlight, inFlight);
		try {
			// A turn of the event loop, so items in flight overlap as real requests do.
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (params.action === 'fail')
				throw apiError(ctx.getNode(), `Probe error 500: item ${itemIndex} failed`, {
					itemIndex,
					httpCode: 500,
					taskId: `task-${itemIndex}`,
				});
			if (params.action === 'send') {
				const response = await sendWithRetry(ctx, {
					provider: 'Probe',
					idempotent: params.idempotent,
					...call,
					request: () => ({ method: 'GET', url: params.url!, json: true }),
				});
				return resultItem({
					provider: PROBE_PROVIDER,
					operation: 'probe.send',
					status: 'done',
					httpCode: response.statusCode,
				});
			}
			if (params.action === 'poll') {
				const value = await pollUntilDone(ctx, {
					provider: 'Probe',
					taskId: `task-${itemIndex}`,
					call,
					schedule: readPollSchedule(ctx, itemIndex),
					resumeHint: 'Use Get Task.',
					check: async () => {
						log.pollsChecked++;
						return log.pollsChecked >= params.pollsUntilDone
							? { done: true, value: 'finished' }
							: { done: false, progress: `${log.pollsChecked} checks` };
					},
				});
				return resultItem({
					provider: PROBE_PROVIDER,
					operation: 'probe.poll',
					status: 'done',
					value,
				});
			}
			return resultItem({
				provider: PROBE_PROVIDER,
				operation: 'probe.ok',
				status: 'done',
				taskId: `task-${itemIndex}`,
			});
		} finally {
			inFlight--;
		}
	},
};

export class Probe implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Shared-module probe',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Action', name: 'action', type: 'string', default: 'ok' },
			{ displayName: 'Bad Input', name: 'badInput', type: 'boolean', default: false },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Idempotent', name: 'idempotent', type: 'boolean', default: true },
			{ displayName: 'Polls', name: 'pollsUntilDone', type: 'number', default: 0 },
			{ displayName: 'Max Wait', name: 'maxWaitSeconds', type: 'number', default: 60 },
			{ displayName: 'Poll Interval', name: 'pollIntervalSeconds', type: 'number', default: 2 },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: commonOptions,
			},
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, operation);
	}
}
