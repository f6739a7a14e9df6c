/**
 * What the CPU overhead benchmark (test/bench/overhead.bench.ts) and each provider's scenarios
 * (`overhead` in test/<provider>/overhead.ts, read through the manifest) share: a scenario's shape,
 * the minimal node that makes the same HTTP calls and nothing else, and the inputs.
 */
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { FixtureItem } from '../../harness/n8n';

export const API_KEY = 'bench-overhead-key';

export type Minimal = (ctx: IExecuteFunctions, base: string) => Promise<INodeExecutionData[]>;

export interface Scenario {
	key: string;
	label: string;
	kind: 'json' | 'binary';
	bytes?: number;
	items: number;
	ours: { node: INodeType; parameters: IDataObject };
	minimal: { node: INodeType; parameters: IDataObject };
	credential: { type: ICredentialType; data: IDataObject };
	input: () => FixtureItem[];
}

/** What a provider's scenarios are given: its fake (in the benchmark's fake process) and sizes. */
export interface OverheadContext {
	/** Starts the provider's fake (providers.manifest.ts names it) with the bench key; its base URL. */
	startFake(options: IDataObject): Promise<{ baseUrl: string }>;
	/** Items of a JSON scenario. */
	jsonItems: number;
	/** The provider's credential with the bench key and `baseUrl`. */
	credential(baseUrl: string): { type: ICredentialType; data: IDataObject };
}

/**
 * A provider's scenarios (`overhead` in test/<provider>/overhead.ts): JSON ones, and binary ones
 * made for each size `bytes` with `items` items. The benchmark runs every provider's JSON scenarios,
 * then for each size every provider's binary ones, in manifest order.
 */
export interface OverheadRows {
	json?(ctx: OverheadContext): Promise<Scenario[]>;
	binary?(ctx: OverheadContext, bytes: number, items: number): Promise<Scenario[]>;
}

const MP4_HEAD = Buffer.from('000000206674797069736f6d0000020069736f6d69736f326d703431', 'hex');

export function videoOf(size: number): Buffer {
	const video = Buffer.alloc(size, 0x5a);
	MP4_HEAD.copy(video, 0);
	return video;
}

/** Runs `work` for every item, `concurrency` at a time (our nodes' default is 5). */
export async function pool<T>(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<T>,
) {
	const results = new Array<T>(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) {
				const index = next++;
				results[index] = await work(index);
			}
		}),
	);
	return results;
}

export function minimalNode(
	credential: string,
	behaviour: Minimal,
	properties: string[],
): INodeType {
	const description = {
		displayName: 'Minimal',
		name: 'minimal',
		group: ['transform'],
		version: 1,
		description: 'Only the HTTP calls',
		defaults: { name: 'Minimal' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: credential, required: true }],
		properties: properties.map((name) => ({
			displayName: name,
			name,
			type: 'string',
			default: '',
		})),
	} as unknown as INodeTypeDescription;
	return {
		description,
		async execute(this: IExecuteFunctions) {
			const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credential);
			return [await behaviour(this, baseUrl)];
		},
	};
}

export function multipartBody(
	fields: Record<string, string>,
	file: { field: string; name: string; type: string; bytes: Buffer },
) {
	const boundary = `----minimal${Date.now()}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields))
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
			),
		);
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
		),
		file.bytes,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
