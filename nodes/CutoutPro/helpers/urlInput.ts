/**
 * The input of an operation whose API takes only a URL (video, preview, Photo Animer image and
 * voice): a URL, or a binary file of the item offered at a signed n8n URL (shared/signedUrl.ts).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { WaitOptions } from '../../shared/settings';
import type { FileRules } from '../../shared/input';
import { checkInputFile } from '../../shared/input';
import { itemParameters } from '../../shared/parameters';
import { readAllowPrivateFileUrl } from '../../shared/settings';
import type { SignedUrlInput } from '../../shared/signedUrl';
import {
	prepareSignedUrlInput,
	SIGNED_URL_MARGIN_SECONDS,
	signedUrl,
} from '../../shared/signedUrl';
import { PROVIDER } from '../transport';

const SOURCES = ['url', 'binary'] as const;

export interface UrlInputSpec<K extends string> {
	/** The Input switch: parameter name and label. */
	source: { name: string; label: string };
	/** The URL field (kept as it was before Binary File existed). */
	url: INodeProperties;
	/** The binary property field: parameter name, label, default property. */
	binary: { name: string; label: string; default: string; hint: string };
	/** What the file must be (kind, size). */
	rules: Omit<FileRules<K>, 'field'>;
	/** An input that may be left empty (the voice). */
	optional?: boolean;
}

export function urlInputFields<K extends string>(spec: UrlInputSpec<K>): INodeProperties[] {
	const binaryField: INodeProperties = {
		displayName: spec.binary.label,
		name: spec.binary.name,
		type: 'string',
		default: 'data',
		placeholder: `e.g. ${spec.binary.default}`,
		hint: spec.binary.hint,
		description:
			'Name of the binary property of the input item that holds the file. n8n serves the file to Cutout.pro at a signed URL, so n8n must be reachable from the internet (WEBHOOK_URL).',
		displayOptions: { show: { [spec.source.name]: ['binary'] } },
	};
	binaryField.default = spec.binary.default;
	// The voice may be left out; its field is then optional.
	if (!spec.optional) binaryField.required = true;
	return [
		{
			displayName: spec.source.label,
			name: spec.source.name,
			type: 'options',
			options: [
				{ name: 'URL', value: 'url', description: `A public URL ${PROVIDER} downloads` },
				{
					name: 'Binary File',
					value: 'binary',
					description: `A file of the item, which n8n serves to ${PROVIDER} at a signed, expiring URL (n8n must be reachable from the internet, see WEBHOOK_URL)`,
				},
			],
			default: 'url',
		},
		{ ...spec.url, default: '', displayOptions: { show: { [spec.source.name]: ['url'] } } },
		binaryField,
	];
}

/** A checked input: a URL as given, or a stored binary n8n will serve. */
export type UrlInput =
	| { url: string; fileName?: undefined; signed?: undefined }
	| { signed: SignedUrlInput; fileName: string; url?: undefined };

/** Reads and checks one input before any paid call. */
export async function readUrlInput<K extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: UrlInputSpec<K>,
): Promise<UrlInput> {
	const read = itemParameters(ctx, itemIndex);
	const source = read.option(spec.source.name, spec.source.label, SOURCES, 'url');
	if (source === 'url') return { url: read.url(spec.url.name, spec.url.displayName) };
	const file = await checkInputFile(ctx, itemIndex, read.value(spec.binary.name), {
		...spec.rules,
		field: spec.binary.label,
	});
	const signed = await prepareSignedUrlInput(ctx, itemIndex, {
		property: file.property,
		field: spec.binary.label,
		provider: PROVIDER,
		allowPrivate: readAllowPrivateFileUrl(ctx, itemIndex),
	});
	return { signed, fileName: file.fileName };
}

/** An optional input (the voice): undefined when its source is URL and the URL is left empty. */
export async function readOptionalUrlInput<K extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: UrlInputSpec<K>,
): Promise<UrlInput | undefined> {
	const read = itemParameters(ctx, itemIndex);
	const source = read.option(spec.source.name, spec.source.label, SOURCES, 'url');
	// Empty, or an expression that reads a missing field: no input.
	if (source === 'url' && !read.optionalText(spec.url.name, spec.url.displayName)) return undefined;
	return await readUrlInput(ctx, itemIndex, spec);
}

/** How long the provider may fetch a file when the node does not wait for the task. */
const NO_WAIT_VALID_SECONDS = 3600;

/**
 * The URL to send: as given, or a fresh signed URL valid for the wait and a margin. Call it in the
 * request builder (`qs: () => …`), so each attempt mints its URL after any wait.
 */
export function urlToSend(ctx: IExecuteFunctions, input: UrlInput, wait: WaitOptions): string {
	if (input.url !== undefined) return input.url;
	const waitSeconds = wait.wait ? wait.schedule.maxWaitMs / 1000 : NO_WAIT_VALID_SECONDS;
	return signedUrl(ctx, input.signed, waitSeconds + SIGNED_URL_MARGIN_SECONDS);
}

/** The source part of result names: the URL's last segment, or the file's name. */
export function sourceOf(input: UrlInput): string {
	return input.url ?? input.fileName;
}

/**
 * Submits paid work that names these inputs; a refusal of a submission that offered n8n URLs
 * says where the provider had to fetch them from (e.g. it could not reach n8n).
 */
export async function submitWithInputs<T>(
	inputs: Array<UrlInput | undefined>,
	submit: () => Promise<T>,
): Promise<T> {
	try {
		return await submit();
	} catch (error) {
		throw withOfferedUrl(error, inputs);
	}
}

function withOfferedUrl<E>(error: E, inputs: Array<UrlInput | undefined>): E {
	const offered = inputs.flatMap((input) => (input?.signed ? [input.signed.base] : []));
	if (offered.length && (error instanceof NodeApiError || error instanceof NodeOperationError)) {
		error.description =
			`${error.description ?? ''} The file was offered at ${offered[0]} (a signed n8n URL): ${PROVIDER} must be able to reach it.`.trim();
	}
	return error;
}
