/**
 * The one output contract (nodes/shared/output.ts, naming.ts, errors.ts), checked on every
 * operation of every provider node against its fake. A new provider's operations join the table
 * and must pass unchanged:
 * - json: `provider` (its id), `operation` ("<resource>.<operation>"), `status` done | processing,
 *   `taskId` text when present, `resultUrl` an http(s) URL when present, the input item's fields kept;
 * - every output file named `<source>-<role>[-n].<extension>` (naming.ts), its type matching its name;
 * - a rejected key: one error item `<Provider> error <code>: <text>` with `itemIndex` and `httpCode`,
 *   paired with its input;
 * - an input check failure: `Invalid "<field>" in item <n>: …`, before any request.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makeMp4, makePng } from './fakes/media';
import type { FixtureItem } from './harness/n8n';
import type { ProviderEnv, ProviderKey } from './reliability/lib/providers';
import { binaryItem, useProviders } from './reliability/lib/providers';

const envs = useProviders();
const WAIT = { waitForCompletion: true, maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };
const SKU = { sku: 'SKU-42', title: 'Red shoe' };

interface Case {
	provider: ProviderKey;
	resource: string;
	operation: string;
	/** Parameters, given what `before` returned (e.g. the ID of a task made first). */
	params: (before: IDataObject) => IDataObject;
	items: () => FixtureItem[];
	/** Runs first, e.g. to create the task a Get operation reads. */
	before?: (env: ProviderEnv) => Promise<IDataObject>;
	/**
	 * The source part every output file name must carry, given what `before` returned; `null` for
	 * an operation that makes no file (Get Credits): it must then output none.
	 */
	source: ((before: IDataObject) => string) | null;
	/** Invalid input for the input-check row: parameters and the field named in the error. */
	bad: { params: IDataObject; field: string };
}

const png = (name = 'shoe.v2.png') => [binaryItem(makePng(8, 6), name, 'image/png', SKU)];
const url = () => [{ json: SKU }];

const submitVideo = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'video',
		operation: 'removeBackground',
		videoUrl: 'https://cdn.example.com/clip.mp4',
		outputFormat: 'mov',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};
const submitPreview = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'video',
		operation: 'createPreview',
		videoUrl: 'https://cdn.example.com/clip.mp4',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};
const submitAnimation = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'photo',
		operation: 'animate',
		imageUrl: 'https://cdn.example.com/face.jpg',
		templateId: 1,
		outputFormat: 'mp4',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};
const submitConversion = async (env: ProviderEnv) => {
	const { items } = await env.run(
		{
			resource: 'video',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: 'u2net',
			videoFormat: 'mov',
			waitForCompletion: false,
		},
		[binaryItem(makeMp4(), 'clip.mp4', 'video/mp4')],
	);
	return { taskId: items[0].json.taskId };
};

const CASES: Case[] = [
	{
		provider: 'cutoutPro',
		resource: 'video',
		operation: 'removeBackground',
		params: () => ({ videoUrl: 'https://cdn.example.com/clip.mp4', outputFormat: 'mov', ...WAIT }),
		items: url,
		source: () => 'clip',
		bad: { params: { videoUrl: 'ftp://x/clip.mp4' }, field: 'Video URL' },
	},
	{
		provider: 'cutoutPro',
		resource: 'video',
		operation: 'getTask',
		before: submitVideo,
		params: ({ taskId }) => ({ taskFlag: taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskFlag: '={{ "" }}' }, field: 'Task ID' },
	},
	{
		provider: 'cutoutPro',
		resource: 'video',
		operation: 'createPreview',
		params: () => ({ videoUrl: 'https://cdn.example.com/clip.mp4', downloadFrames: true, ...WAIT }),
		items: url,
		source: () => 'clip',
		bad: { params: { videoUrl: 'not a url' }, field: 'Video URL' },
	},
	{
		provider: 'cutoutPro',
		resource: 'video',
		operation: 'getPreview',
		before: submitPreview,
		params: ({ taskId }) => ({ taskFlag: taskId, downloadFrames: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskFlag: '  ' }, field: 'Task ID' },
	},
	{
		provider: 'cutoutPro',
		resource: 'photo',
		operation: 'animate',
		params: () => ({
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: 1,
			outputFormat: 'mp4',
			...WAIT,
		}),
		items: url,
		source: () => 'face',
		bad: {
			params: { imageUrl: 'https://cdn.example.com/face.jpg', templateId: 9 },
			field: 'Template',
		},
	},
	{
		provider: 'cutoutPro',
		resource: 'photo',
		operation: 'getTask',
		before: submitAnimation,
		params: ({ taskId }) => ({ taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskId: '={{ "" }}' }, field: 'Task ID' },
	},
	{
		provider: 'cutoutPro',
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({ inputType: 'binary', binaryPropertyName: 'data', mattingType: 'general' }),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { inputType: 'binary', binaryPropertyName: 'nope' },
			field: 'Input Binary Field',
		},
	},
	{
		provider: 'backgroundRemoverAi',
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			binaryPropertyName: 'data',
			model: 'u2net',
			backgroundType: 'transparent',
			maxWaitSeconds: 30,
			pollIntervalSeconds: 0.25,
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { binaryPropertyName: 'data', model: 'u2net', alphaMatting: '={{ "yes" }}' },
			field: 'Alpha Matting',
		},
	},
	{
		provider: 'backgroundRemoverAi',
		resource: 'video',
		operation: 'removeBackground',
		params: () => ({ binaryPropertyName: 'data', model: 'u2net', videoFormat: 'mov', ...WAIT }),
		items: () => [binaryItem(makeMp4(), 'clip.mp4', 'video/mp4', SKU)],
		source: () => 'clip',
		bad: { params: { binaryPropertyName: 'data', videoFormat: 'avi' }, field: 'Output Format' },
	},
	{
		provider: 'backgroundRemoverAi',
		resource: 'conversion',
		operation: 'getResult',
		before: async (env) => {
			const { taskId } = await submitConversion(env);
			// Finished after its polls (the fake counts them).
			for (let poll = 0; poll < 3; poll++)
				await env.run({
					resource: 'conversion',
					operation: 'getResult',
					conversionId: taskId,
					downloadResult: false,
				});
			return { taskId };
		},
		params: ({ taskId }) => ({ conversionId: taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { conversionId: '={{ "" }}' }, field: 'Conversion ID' },
	},
	{
		provider: 'ximilar',
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			endpoint: 'precise',
			inputType: 'binary',
			binaryPropertyName: 'data',
			downloadResult: true,
			imageOptions: { binaryMask: false, whiteBackground: true },
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { endpoint: 'precise', inputType: 'url', imageUrl: 'nope' },
			field: 'Image URL',
		},
	},
	{
		provider: 'runware',
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			inputType: 'binary',
			binaryPropertyName: 'data',
			model: 'runware:109@1',
			outputType: 'URL',
			outputFormat: 'PNG',
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: {
				inputType: 'binary',
				binaryPropertyName: 'data',
				model: 'custom',
				customModel: 'rembg',
			},
			field: 'Custom Model AIR ID',
		},
	},
	...(['cutoutPro', 'ximilar', 'runware'] as const).map(
		(provider): Case => ({
			provider,
			resource: 'account',
			operation: 'getCredits',
			params: () => ({}),
			items: url,
			source: null,
			bad: { params: { options: { keepInputFields: '={{ "yes" }}' } }, field: 'Keep Input Fields' },
		}),
	),
];

const ROLE = '(nobg|mask|whitebg|animation|preview|original)';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectContractJson(item: INodeExecutionData, c: Case) {
	expect(item.json).toMatchObject({
		provider: c.provider,
		operation: `${c.resource}.${c.operation}`,
		...SKU,
	});
	expect(['done', 'processing']).toContain(item.json.status);
	if (item.json.taskId !== undefined) expect(typeof item.json.taskId).toBe('string');
	if (item.json.resultUrl !== undefined)
		expect(String(item.json.resultUrl)).toMatch(/^https?:\/\//);
	expect(item.pairedItem).toEqual({ item: 0 });
}

describe.each(CASES.map((c) => [`${c.provider} ${c.resource}.${c.operation}`, c] as const))(
	'output contract: %s',
	(_name, c) => {
		const base = { resource: c.resource, operation: c.operation };

		it('returns the contract json, the input fields, and files named <source>-<role>[-n].<ext>', async () => {
			const env = envs[c.provider];
			const before = (await c.before?.(env)) ?? {};
			const { items, error } = await env.run({ ...base, ...c.params(before) }, c.items());
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expectContractJson(items[0], c);
			const files = Object.values(items[0].binary ?? {});
			if (c.source === null) {
				expect(files).toEqual([]);
				return;
			}
			expect(files.length).toBeGreaterThan(0);
			const name = new RegExp(`^${escape(c.source(before))}-${ROLE}(-\\d+)?\\.([a-z0-9]+)$`);
			for (const file of files) {
				expect(file.fileName).toMatch(name);
				expect(file.fileExtension ?? file.fileName!.split('.').pop()).toBe(
					file.fileName!.split('.').pop(),
				);
			}
		});

		it('a rejected key is one error item "<Provider> error <code>: <text>", paired', async () => {
			const env = envs[c.provider];
			const before = (await c.before?.(env)) ?? {};
			const { items } = await env.run({ ...base, ...c.params(before) }, c.items(), {
				apiKey: 'wrong-key-0000',
				continueOnFail: true,
			});
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(String(items[0].json.error)).toMatch(
				new RegExp(`^${escape(env.name)} error \\S+: .+`),
			);
			expect(items[0].json).toMatchObject({ itemIndex: 0, httpCode: expect.any(String), ...SKU });
		});

		it('bad input is "Invalid \\"<field>\\" in item <n>: …" before any request', async () => {
			const env = envs[c.provider];
			const before = (await c.before?.(env)) ?? {};
			env.fake.reset();
			const { error } = await env.run({ ...base, ...c.params(before), ...c.bad.params }, c.items());
			expect(error?.message).toMatch(new RegExp(`^Invalid "${escape(c.bad.field)}" in item 0: `));
			expect(env.fake.requests).toEqual([]);
		});
	},
);
