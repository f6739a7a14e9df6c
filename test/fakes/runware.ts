/**
 * Fake Runware API (`POST /v1`, header `Authorization: Bearer <key>`, JSON array of tasks).
 *
 * Protocol choices where the provider's documents are silent (our reading):
 * - Error `code`s: `missing<Param>` / `invalid<Param>` (last path segment, e.g. `invalidOutputQuality`,
 *   `missingModel`), `invalidTaskType`, `duplicateTaskUUID`; whole-request problems are
 *   `invalidApiKey` (HTTP 401) and `invalidPayload` (HTTP 400).
 * - Every task sharing a duplicated `taskUUID` is rejected.
 * - A request where no task succeeded is HTTP 400 `{errors}`; otherwise HTTP 200 `{data}` plus
 *   `errors` when some tasks failed.
 * - `inputs.image` (or legacy `inputImage`) may be any UUID v4 (the fake does not track uploads),
 *   an http(s) URL (one carrying `FAULT.download` (./faults.ts) fails to download; one carrying
 *   `FAULT.noReply` gets neither a result nor an error, like a task whose reply went missing), a
 *   data URI or raw base64 that must decode to PNG, JPG or WEBP.
 * - Values must have their JSON types (numbers, booleans), not strings. Unknown fields are ignored.
 * - Outputs: PNG 64x64 (transparent, or the `rgba` colour, or white with `returnOnlyMask`),
 *   tiny fixed JPG/WEBP; `cost` is 0.0006 per task when `includeCost` is true.
 */
import { randomUUID } from 'node:crypto';

import {
	attempt,
	check,
	ParamError,
	startProviderFake,
	type ProviderFake,
	type RouteContext,
} from './fake-server';
import { asksFor } from './faults';
import { decodeBase64Image, makeMedia, makePng, MIME_TYPES } from './media';
import type { SandboxCutout } from './sandbox-images';
import type { PaidWork } from './paid-work';

export interface FakeRunwareOptions {
	apiKey: string;
	latencyMs?: number;
	/** The account balance in USD that `accountManagement` / `getDetails` reports (default 12.5). */
	balance?: number;
	/** More fields of the `getDetails` reply (e.g. team members, API keys). */
	accountDetails?: Record<string, unknown>;
	/**
	 * Sandbox only (`npm run dev`): makes a PNG result from the task's image (see
	 * sandbox-images.ts). Without it PNG results are blank 64x64 images.
	 */
	cutout?: (input: { bytes?: Buffer; url?: string }) => SandboxCutout | undefined;
}

export type RunwareTaskInput = Record<string, unknown>;

export interface RunwareTaskRecord {
	task: RunwareTaskInput;
	ok: boolean;
	error?: RunwareError;
	imageUUID?: string;
}

export interface RunwareError {
	code: string;
	message: string;
	parameter?: string;
	taskType?: unknown;
	taskUUID?: unknown;
}

export interface RunwareState {
	/** Every task received, in order, with its outcome. */
	tasks: RunwareTaskRecord[];
	/** Sum of the costs of succeeded tasks. */
	totalCost: number;
}

/** `apiUrl` is `${baseUrl}/v1`. */
export type FakeRunware = ProviderFake<RunwareState>;

const TASK_TYPES = ['removeBackground', 'imageBackgroundRemoval'];
const MODELS = [
	'runware:109@1',
	'runware:110@1',
	'bria:2@1',
	// BiRefNet variants as Runware lists them: there is no runware:112@4.
	...[1, 2, 3, 5, 6, 7, 8, 9, 10].map((version) => `runware:112@${version}`),
];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const OUTPUT_FORMATS = ['PNG', 'JPG', 'WEBP'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];
const KIND = { PNG: 'png', JPG: 'jpeg', WEBP: 'webp' } as const;
const COST = 0.0006;

interface Normalized {
	image: string;
	outputType: 'URL' | 'base64Data' | 'dataURI';
	outputFormat: OutputFormat;
	includeCost: boolean;
	rgba?: [number, number, number, number];
	returnOnlyMask: boolean;
}

const param = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

function validateSettings(
	settings: Record<string, unknown>,
	prefix: string,
): Pick<Normalized, 'rgba' | 'returnOnlyMask'> {
	for (const name of ['postProcessMask', 'returnOnlyMask', 'alphaMatting'])
		check.type(param(prefix, name), settings[name], 'boolean');
	for (const name of [
		'alphaMattingForegroundThreshold',
		'alphaMattingBackgroundThreshold',
		'alphaMattingErodeSize',
	]) {
		check.int(
			param(prefix, name),
			check.type(param(prefix, name), settings[name], 'number'),
			1,
			255,
		);
	}
	const rgba = check.type<unknown[]>(param(prefix, 'rgba'), settings.rgba, 'array');
	if (rgba) {
		const name = param(prefix, 'rgba');
		const [r, g, b, a] = rgba;
		const channelsOk =
			rgba.length === 4 &&
			[r, g, b].every((c) => Number.isInteger(c) && (c as number) >= 0 && (c as number) <= 255);
		if (!channelsOk || typeof a !== 'number' || a < 0 || a > 1)
			throw new ParamError(
				name,
				`${name} must be [r, g, b, a] with r, g, b integers 0-255 and a between 0 and 1`,
			);
	}
	return {
		rgba: rgba
			? [
					rgba[0] as number,
					rgba[1] as number,
					rgba[2] as number,
					Math.round((rgba[3] as number) * 255),
				]
			: undefined,
		returnOnlyMask: settings.returnOnlyMask === true,
	};
}

function validateImage(name: string, image: unknown): string {
	const value = check.required(name, check.type<string>(name, image, 'string'));
	if (UUID_V4.test(value)) return value;
	if (/^https?:\/\//i.test(value)) {
		check.httpUrl(name, value);
		if (asksFor(value, 'download'))
			throw new ParamError(name, `failed to download image from ${value}`);
		if (asksFor(value, 'unprocessable'))
			throw new ParamError(
				name,
				'the model could not process this image',
				400,
				'failedToProcessImage',
			);
		return value;
	}
	const decoded = decodeBase64Image(value);
	if (!decoded || !['png', 'jpeg', 'webp'].includes(decoded.kind)) {
		throw new ParamError(
			name,
			`${name} must be a UUID v4, an http(s) URL, or a base64/data URI PNG, JPG or WEBP image`,
		);
	}
	return value;
}

function validateTask(task: RunwareTaskInput): Normalized {
	const legacy = task.taskType === 'imageBackgroundRemoval';
	let image: string;
	let settings: Pick<Normalized, 'rgba' | 'returnOnlyMask'>;
	if (legacy) {
		image = validateImage('inputImage', task.inputImage);
		settings = validateSettings(task, '');
	} else {
		const model = check.required('model', check.type<string>('model', task.model, 'string'));
		check.oneOf('model', model, MODELS);
		const inputs = check.type<Record<string, unknown>>('inputs', task.inputs, 'object');
		if (!inputs) throw new ParamError('inputs', 'inputs is required');
		image = validateImage('inputs.image', inputs.image);
		settings = validateSettings(
			check.type<Record<string, unknown>>('settings', task.settings, 'object') ?? {},
			'settings',
		);
	}
	const outputType =
		check.oneOf('outputType', check.type<string>('outputType', task.outputType, 'string'), [
			'URL',
			'base64Data',
			'dataURI',
		] as const) ?? 'URL';
	const outputFormat =
		check.oneOf(
			'outputFormat',
			check.type<string>('outputFormat', task.outputFormat, 'string'),
			OUTPUT_FORMATS,
		) ?? 'PNG';
	check.int('outputQuality', check.type('outputQuality', task.outputQuality, 'number'), 20, 99);
	const includeCost = check.type<boolean>('includeCost', task.includeCost, 'boolean') ?? false;
	return { image, outputType, outputFormat, includeCost, ...settings };
}

/** A task the fake "loses": no entry in `data` nor in `errors` (see the header). */
function isLost(task: RunwareTaskInput): boolean {
	const inputs = task?.inputs as Record<string, unknown> | undefined;
	const image = inputs?.image ?? task?.inputImage;
	return typeof image === 'string' && /^https?:\/\//i.test(image) && asksFor(image, 'noReply');
}

function errorCode(err: ParamError): string {
	if (err.code) return err.code;
	const last = err.param.split('.').pop() ?? err.param;
	return `${err.message.endsWith('is required') ? 'missing' : 'invalid'}${last.charAt(0).toUpperCase()}${last.slice(1)}`;
}

/** Paid: a POST of tasks, one unit per task. */
export const paidWork: PaidWork = {
	isPaid: (r) => r.method === 'POST' && r.path === '/v1',
	units: (r) => (Array.isArray(r.body) ? r.body.length : 0),
};

export async function startFakeRunware(opts: FakeRunwareOptions): Promise<FakeRunware> {
	const state: RunwareState = { tasks: [], totalCost: 0 };

	function output(n: Normalized, imageUUID: string): Record<string, unknown> {
		const kind = KIND[n.outputFormat];
		const made =
			kind === 'png' && !n.returnOnlyMask
				? opts.cutout?.(
						/^https?:\/\//i.test(n.image) || UUID_V4.test(n.image)
							? { url: n.image }
							: { bytes: decodeBase64Image(n.image)?.bytes },
					)
				: undefined;
		let bytes =
			made?.png ??
			(kind === 'png'
				? makePng(64, 64, n.returnOnlyMask ? [255, 255, 255, 255] : n.rgba)
				: makeMedia(kind));
		if (n.outputType !== 'URL' && asksFor(n.image, 'truncatedImage'))
			bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
		if (n.outputType === 'base64Data') return { imageBase64Data: bytes.toString('base64') };
		if (n.outputType === 'dataURI')
			return { imageDataURI: `data:${MIME_TYPES[kind]};base64,${bytes.toString('base64')}` };
		const path = `/image/ws/2/ii/${imageUUID}.${n.outputFormat.toLowerCase()}`;
		return { imageURL: server.files.put(path, { contentType: MIME_TYPES[kind], body: bytes }) };
	}

	function runTask(
		task: RunwareTaskInput,
		duplicated: Set<unknown>,
	): { data?: Record<string, unknown>; error?: RunwareError } {
		// The free task the credential's Test button sends; it is not recorded as work.
		if (task?.taskType === 'accountManagement' && task.operation === 'getDetails') {
			return {
				data: {
					taskType: task.taskType,
					taskUUID: task.taskUUID,
					organizationUUID: 'a4d1c7e2-5b3f-4e8a-9c6d-2f1e0b7a8c94',
					organizationName: 'Fake organisation',
					balance: opts.balance ?? 12.5,
					...opts.accountDetails,
				},
			};
		}
		const { value, error } = attempt(() => {
			if (typeof task !== 'object' || task === null || Array.isArray(task))
				throw new ParamError('task', 'every task must be an object', 400, 'invalidPayload');
			if (!TASK_TYPES.includes(task.taskType as string))
				throw new ParamError(
					'taskType',
					`taskType must be one of ${TASK_TYPES.join(', ')}`,
					400,
					'invalidTaskType',
				);
			const uuid = check.required(
				'taskUUID',
				check.type<string>('taskUUID', task.taskUUID, 'string'),
			);
			if (!UUID_V4.test(uuid)) throw new ParamError('taskUUID', 'taskUUID must be a UUID v4');
			if (duplicated.has(uuid))
				throw new ParamError(
					'taskUUID',
					`taskUUID ${uuid} is used by more than one task`,
					400,
					'duplicateTaskUUID',
				);
			return validateTask(task);
		});
		const ids = { taskType: task?.taskType, taskUUID: task?.taskUUID };
		const record: RunwareTaskRecord = { task, ok: !error };
		state.tasks.push(record);
		if (error) {
			record.error = {
				code: errorCode(error),
				message: error.message,
				parameter: error.param,
				...ids,
			};
			return { error: record.error };
		}
		record.imageUUID = randomUUID();
		if (value.includeCost) state.totalCost += COST;
		return {
			data: {
				...ids,
				imageUUID: record.imageUUID,
				...output(value, record.imageUUID),
				...(value.includeCost ? { cost: COST } : {}),
			},
		};
	}

	async function handle(ctx: RouteContext) {
		const payloadError = (message: string) =>
			ctx.json(400, { errors: [{ code: 'invalidPayload', message }] });
		if (ctx.req.method !== 'POST' || ctx.req.path !== '/v1') return;
		if (ctx.req.headers.authorization !== `Bearer ${opts.apiKey}`) {
			return await ctx.json(401, {
				errors: [
					{
						code: 'invalidApiKey',
						message: 'Invalid API key. Send it as Authorization: Bearer <key>.',
					},
				],
			});
		}
		const tasks = ctx.req.body;
		if (ctx.req.jsonError || !Array.isArray(tasks))
			return await payloadError('The request body must be a JSON array of tasks.');
		if (tasks.length === 0)
			return await payloadError('The request body must contain at least one task.');
		const seen = new Set<unknown>();
		const duplicated = new Set<unknown>();
		for (const task of tasks as RunwareTaskInput[]) {
			const uuid = task?.taskUUID;
			if (seen.has(uuid)) duplicated.add(uuid);
			seen.add(uuid);
		}
		const outcomes = (tasks as RunwareTaskInput[]).map((task) =>
			isLost(task) ? {} : runTask(task, duplicated),
		);
		const data = outcomes.flatMap((o) => (o.data ? [o.data] : []));
		const errors = outcomes.flatMap((o) => (o.error ? [o.error] : []));
		if (data.length === 0) return await ctx.json(400, { errors });
		await ctx.json(200, { data, ...(errors.length ? { errors } : {}) });
	}

	const server = await startProviderFake(handle, {
		state,
		apiPath: '/v1',
		latencyMs: opts.latencyMs,
		errorBody: (status, message) => ({
			errors: [{ code: status === 429 ? 'rateLimitExceeded' : 'serverError', message }],
		}),
	});
	return server;
}
