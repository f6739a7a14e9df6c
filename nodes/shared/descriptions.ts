/** Parameters every provider node shows the same way (UI only: settings.ts reads them). */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CONCURRENCY, MAX_WAIT, POLL_INTERVAL, REQUEST_TIMEOUT } from './ranges';

const REPOSITORY = 'https://github.com/n8n-nodes-background-removal/n8n-nodes-background-removal';

/**
 * A node's Docs link: its section of the README. Given as the node's own documentationUrl, which
 * n8n shows as written (to a codex URL it appends "?utm_…", which breaks an "#anchor").
 */
export function readmeSection(anchor: string): string {
	return `${REPOSITORY}#${anchor}`;
}

/** The one wording of an image operation's input choice; a provider may offer more sources. */
export function imageInputField(
	provider: string,
	more: INodePropertyOptions[] = [],
): INodeProperties {
	return {
		displayName: 'Input',
		name: 'inputType',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An image in a binary property of the item',
			},
			{ name: 'Image URL', value: 'url', description: `A public URL ${provider} downloads` },
			...more,
		],
		default: 'binary',
	};
}

/**
 * The Image URL field (parameter `imageUrl`), shown for Input: Image URL unless `displayOptions`
 * says otherwise (null: none, for a field that gets them elsewhere).
 */
export function imageUrlField(
	text: { placeholder: string; description?: string; hint?: string },
	displayOptions: IDisplayOptions | null = { show: { inputType: ['url'] } },
): INodeProperties {
	return {
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		...text,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** A background colour instead of transparency (shown in an operation's image options). */
export function backgroundColorOption(
	description = 'Fill the removed background with this colour instead of transparency',
): INodeProperties {
	return {
		displayName: 'Background Color',
		name: 'backgroundColor',
		type: 'color',
		default: '#FFFFFF',
		description,
	};
}

export const cropToSubjectOption: INodeProperties = {
	displayName: 'Crop to Subject',
	name: 'crop',
	type: 'boolean',
	default: false,
	description: 'Whether to crop the result to the subject, removing empty margins',
};

/** An image operation's "Image Options" collection. */
export function imageOptionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Image Options',
		name: 'imageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

export function binaryPropertyField(
	displayOptions: IDisplayOptions,
	hint: string,
): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint,
		description: 'Name of the binary property of the input item that holds the file',
		displayOptions,
	};
}

export function waitFields(
	displayOptions: IDisplayOptions,
	defaults: { maxWaitSeconds: number; pollIntervalSeconds: number },
): INodeProperties[] {
	const whenWaiting: IDisplayOptions = {
		...displayOptions,
		show: { ...displayOptions.show, waitForCompletion: [true] },
	};
	const fields: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until the provider finishes and return the result. Turn off to return the task ID at once and fetch the result later with Get Task (or a trigger).',
			displayOptions,
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: MAX_WAIT.min, maxValue: MAX_WAIT.max },
			default: 1800,
			description:
				'Longest time to wait for one task. When it passes, the item fails with the task ID so you can resume with Get Task.',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: POLL_INTERVAL.min, maxValue: POLL_INTERVAL.max, numberPrecision: 2 },
			default: 5,
			description:
				'First wait between status checks; later waits grow ×1.5 up to 15 s (or this value if larger) to spare your rate limit',
			displayOptions: whenWaiting,
		},
	];
	const perOperation: Record<string, number> = {
		maxWaitSeconds: defaults.maxWaitSeconds,
		pollIntervalSeconds: defaults.pollIntervalSeconds,
	};
	return fields.map((field) =>
		field.name in perOperation ? { ...field, default: perOperation[field.name] } : field,
	);
}

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: CONCURRENCY.min, maxValue: CONCURRENCY.max },
	default: 5, // CONCURRENCY.default (the lint rule wants a literal)
	description:
		'The most items (or batches) sent to the provider at the same time. With Adapt to Provider Limit on, fewer go out while the provider refuses requests for load.',
};

export const adaptiveConcurrencyOption: INodeProperties = {
	displayName: 'Adapt to Provider Limit',
	name: 'adaptiveConcurrency',
	type: 'boolean',
	default: true,
	description:
		'Whether to send fewer requests at once when the provider answers 429 or 503 (waiting the time it asks for), and more again after successes, up to Concurrency. Off: always Concurrency, and a refusal uses up one of the item’s 4 attempts.',
};

export const keepInputFieldsOption: INodeProperties = {
	displayName: 'Keep Input Fields',
	name: 'keepInputFields',
	type: 'boolean',
	default: true,
	description:
		"Whether each output item keeps the input item's fields (e.g. a SKU) beside the result's; on a clash the result's field wins",
};

/** The operations that pay (each makes a paid request); the others are free and always run. */
export const PAID_OPERATIONS = ['animate', 'createPreview', 'edit', 'removeBackground'];

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to check every item as usual but send nothing paid: each item shows the request it would send (no API key) and its price where the provider documents one, with the total for the run',
	displayOptions: { show: { '/operation': PAID_OPERATIONS } },
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: REQUEST_TIMEOUT.fieldMin, maxValue: REQUEST_TIMEOUT.max },
	default: 120, // REQUEST_TIMEOUT.default
	description:
		'How long one request may take before it is abandoned (status checks are then retried; submissions are not, since the provider may already be working on them)',
};

/**
 * Display options for a node-wide option that acts only on some operations: an entry of the
 * Options collection is shown only where it does something.
 */
export function onlyFor(resource: string, operations: string[]): IDisplayOptions {
	return { show: { '/resource': [resource], '/operation': operations } };
}

/** The Batch Size option of providers that send several items in one request. */
export function batchSizeOption(
	max: number,
	fallback: number,
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: max },
		default: fallback,
		description,
		displayOptions,
	};
}

/** A node's "Options" collection: its own options, then those every provider node offers. */
export function optionsCollection(own: INodeProperties[], common = commonOptions): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...own, ...common],
	};
}

/** Options every provider node offers in its "Options" collection. */
export const commonOptions: INodeProperties[] = [
	adaptiveConcurrencyOption,
	concurrencyOption,
	dryRunOption,
	keepInputFieldsOption,
	requestTimeoutOption,
];

export const downloadResultField = (
	displayOptions: IDisplayOptions,
	what = 'the result file',
): INodeProperties => ({
	displayName: 'Download Result',
	name: 'downloadResult',
	type: 'boolean',
	default: true,
	description: `Whether to download ${what} into the binary property "data" (result URLs expire)`,
	displayOptions,
});
