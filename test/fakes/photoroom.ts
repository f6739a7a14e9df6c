/**
 * Fake Photoroom API: Remove Background (`POST /v1/segment`, host sdk.photoroom.com), Image
 * Editing v2 (`GET|POST /v2/edit`) and the account (`GET /v2/account`, `GET /v1/account`), host
 * image-api.photoroom.com. One server answers both hosts: `apiUrl` is `baseUrl`. Header `x-api-key`.
 * Source: ../shared/providers/photoroom.md and Photoroom's OpenAPI document (2026-06-22; a copy is
 * test/photoroom/photoroom-openapi.json). The parameter table is photoroom-parameters.ts, the AI
 * edits' rules photoroom-ai-rules.ts.
 *
 * As documented (C-spec / C-docs):
 * - segment: multipart `image_file` (required, PNG/JPEG/WEBP/HEIC) and `format` png|jpg|webp,
 *   `channels` rgba|alpha, `bg_color` (`#RRGGBB` or an HTML colour name), `size`
 *   preview|medium|hd|full (0.25/1.5/4/36 MP), `crop` and `despill` "true"|"false"; or a JSON body
 *   `{image_file_b64}`. Reply: the image and `x-uncertainty-score`; `{base64img}` with
 *   `Accept: application/json`. A missing image is 400 `{detail, status_code, type: "missing_image"}`.
 * - v2/edit: GET takes every parameter in the query (main image `imageUrl`), POST takes them only in
 *   a multipart body (main image `imageFile`), dot-named fields sent flat. Types, enums, ranges and
 *   defaults are the OpenAPI's (the GET schema's, applied to POST too: one server), and the
 *   cross-parameter rules of photoroom.md §3.4. 400 `{error: {message}}` (a bad boolean reads
 *   "removeBackground must be boolean"), 402 `{error: {detail}}`. Reply: the image in
 *   `export.format`, of `outputSize`, with `x-uncertainty-score`, `pr-ai-background-seed`,
 *   `pr-texts-detected` and (GET only) `pr-edit-further-url` where they apply.
 * - account: `{images: {available, subscription}, plan}`; v1 `{credits: {available, subscription}}`;
 *   no key is 400 `{error: {message: "apiKey: Required"}}`.
 * - Sandbox keys (`sandbox_` + the key) cost nothing, mark the result (see below) and count against
 *   100 calls a day and 1,000 a month, and against the rate limit. Billing: segment 1 image (0.25 with
 *   `size=preview`), v2/edit 5, on the Basic plan; 0.2 and 1 on Plus. Failed calls cost nothing.
 * - 429 above the rate limit (documented default 500 images a minute).
 *
 * Our choices where the documents are silent (each marked "derived" in photoroom.md):
 * - A wrong key, or no key outside the account endpoints, is `keyRefusal` (default 403, as the spec
 *   lists for segment and account) with the documented body `{error: {message: "Unauthorized"}}`.
 * - 402 on segment is `{detail, status_code: 402, type: "insufficient_credits"}` with the v2 text.
 *   An exhausted sandbox quota is 402 `{error: {detail}}` (segment: its own shape) too.
 * - Rate limits count image calls (segment, edit; not the account). `rateLimit.inFlight` counts every
 *   request that arrived and is not answered yet (fake-server's `inFlight`); a refused one still waits
 *   `latencyMs` before its 429, like any reply of this fake.
 * - 429 has no `Retry-After` unless `rateLimit.retryAfterSeconds` is set; its body is
 *   `{error: {message: "Too Many Requests"}}` (segment: `{detail, status_code, type}`).
 * - Strict where the server's answer is unknown: unknown or repeated fields are 400 (v2: the
 *   documented "Unsupported attributes: …" text; `unsupportedAttributes: 'header'` gives the current
 *   documented behaviour instead: a `pr-unsupported-attributes` header and a 200), a query string on
 *   POST is 400, URL fields on POST and file fields on GET are 400, shadow modes and overrides that do
 *   not match `pr-ai-shadows-model-version` are 400, unknown `pr-*-model-version` values are 400.
 * - Colours: segment `bg_color` must carry `#` (as documented); v2 colours may be given with or
 *   without `#` (the spec says without, but its own examples list `#FF0000`), 6 or 8 hex digits or a
 *   CSS colour name, or `transparent`.
 * - Limits whose error is undocumented answer 400: segment input over 50 MB or 6,000 px a side, v2
 *   files over 30 MB, HEIC on v2, an output side over `maxOutputSide` (default 8000), an input that
 *   is not an image, `upscale.mode` above its input pixels unless `upscale.downscaleIfNeeded` allows.
 * - Output: one colour, real PNG / JPEG / WebP bytes of the right size (AVIF: a placeholder with an
 *   `avif` ftyp). The fill is the background colour; with none, transparent, except the "photo" of
 *   `removeBackground=false` (mid grey) and generated backgrounds (light grey); JPEG flattens
 *   transparency onto white. `channels=alpha` is an opaque white mask. The subject is the centred
 *   3/4 of the input (`croppedSubject`, `crop=true`). `outputSize=auto|originalImage` is the input's
 *   size, capped by `maxWidth`/`maxHeight`; segment `size` caps the pixel count keeping the aspect.
 *   A URL input (never downloaded) is `urlImageSize` (default 800x600). `export.dpi` is written.
 * - With `pictures` (the sandbox of `npm run dev` only), results show the input's picture instead
 *   of one colour: its subject (or, with `removeBackground=false`, all of it) fitted on the fill
 *   inside the output minus margins and padding, aligned as asked (sandbox-media.ts).
 * - Sandbox results carry the comment "Photoroom sandbox watermark" (PNG `tEXt`, JPEG `COM`;
 *   WebP has none) and are flagged in `state.calls`.
 * - `x-uncertainty-score` is a stable number in 0..1 from the input (or `uncertaintyScore`).
 * - `beautify.onSubjectMismatch=error` with `beautify.mode=ai.food` fails only for an input whose
 *   file name or URL carries `PHOTOROOM_FAULT.notFood`; an `imageUrl` carrying
 *   `PHOTOROOM_FAULT.download` cannot be downloaded (400). Nothing else in a name makes a request
 *   fail: markers start and end with `__`, which no generated name contains (issue 23).
 */
import { createHash, randomUUID } from 'node:crypto';

import {
	attempt,
	check,
	first,
	ParamError,
	router,
	startProviderFake,
	type ProviderFake,
	type RecordedFile,
	type RecordedRequest,
	type RouteContext,
} from './fake-server';
import {
	avifPlaceholder,
	HEIC_BRANDS,
	hasBrand,
	imageSize,
	pictureJpeg,
	picturePng,
	solidJpeg,
	solidPng,
	solidWebp,
	webpLossless,
	type Picture,
	type Rgba,
} from './photoroom-images';
import { photoroomLook } from './sandbox-media';
import { decodeBase64Image, sniff } from './media';
import { aiEditRules } from './photoroom-ai-rules';
import { dynamicSpec, EDIT_PARAMS, parseColour, validateValue } from './photoroom-parameters';
import type { PaidWork } from './paid-work';

export { EDIT_PARAMS } from './photoroom-parameters';

/**
 * Fault markers (same form as issue 23's test/fakes/faults.ts, which they can join): an input file
 * name or URL carrying one asks the fake to fail that way.
 */
export const PHOTOROOM_FAULT = {
	/** v2/edit: an `imageUrl` (or `background.imageUrl`) carrying it cannot be downloaded. */
	download: '__fault-download__',
	/** v2/edit: with `beautify.mode=ai.food` and `beautify.onSubjectMismatch=error`, not food. */
	notFood: '__fault-not-food__',
} as const;

export const SANDBOX_PREFIX = 'sandbox_';
export const SANDBOX_WATERMARK = 'Photoroom sandbox watermark';
export const CREDITS_EXHAUSTED =
	'API credits exhausted. Visit https://app.photoroom.com/api-dashboard to purchase more API credits';
/** The documented default rate limit (FAQ): 500 images a minute. */
export const DOCUMENTED_RATE_PER_MINUTE = 500;

export interface PhotoroomRateLimit {
	/** Image calls (segment, edit; sandbox included) accepted per sliding minute (default 500). */
	perMinute?: number;
	/** Image calls accepted per sliding second (default: no limit). */
	perSecond?: number;
	/** Requests in flight (arrived, not answered, itself included) above which one is refused. */
	inFlight?: number;
	/** Seconds sent as `Retry-After` with a 429 (default: no header, as documented). */
	retryAfterSeconds?: number;
}

export interface FakePhotoroomOptions {
	apiKey: string;
	latencyMs?: number;
	/** `plan` in `/v2/account`; sets the cost of a call (default 'basic'). */
	plan?: 'basic' | 'plus';
	/** The account's images (defaults 100000 / 100000). Runtime: `state.images`. */
	images?: { available?: number; subscription?: number };
	/** `false` for none; default `{ perMinute: 500 }`. Runtime: `state.rateLimit`. */
	rateLimit?: PhotoroomRateLimit | false;
	/** Free sandbox calls (defaults 100 a day, 1000 a month, counted from the fake's start). */
	sandboxQuota?: { perDay?: number; perMonth?: number };
	/** HTTP status of a refused key (default 403). */
	keyRefusalStatus?: 401 | 403;
	/** v2 attributes outside the spec: 400 (default) or the `pr-unsupported-attributes` header. */
	unsupportedAttributes?: 'reject' | 'header';
	/** A fixed `x-uncertainty-score` (e.g. -1 for a person); default: from the input's hash. */
	uncertaintyScore?: number;
	/** The size of an image given by URL (not downloaded); default 800x600. */
	urlImageSize?: { width: number; height: number };
	/** Largest output side the fake makes (default 8000); above it the request is 400. */
	maxOutputSide?: number;
	/**
	 * Sandbox only (`npm run dev`): the picture an input stands for (decoded upload, or a URL's
	 * sample picture; sandbox-media.ts). With it, a result shows that picture's subject on the
	 * requested background, placed as asked (slower: real pixels); without it (tests), one colour.
	 */
	pictures?: (input: { bytes?: Buffer; url?: string }) => Picture | undefined;
}

export type PhotoroomEndpoint = 'segment' | 'edit' | 'account';

export interface PhotoroomCall {
	endpoint: PhotoroomEndpoint;
	method: string;
	sandbox: boolean;
	/** Parameters as sent (text fields and query, first values), file fields as `file:<name>`. */
	params: Record<string, string>;
	status: number;
	/** Images charged. */
	cost: number;
	output?: { width: number; height: number; format: 'png' | 'jpeg' | 'webp' | 'avif' };
	error?: string;
}

export interface PhotoroomState {
	calls: PhotoroomCall[];
	images: { available: number; subscription: number };
	plan: 'basic' | 'plus';
	rateLimit: PhotoroomRateLimit | false;
	/** Times of accepted image calls (rate limit window) and of sandbox calls (quota). */
	accepted: number[];
	sandboxCalls: number[];
	refusedForRate: number;
}

/** `apiUrl` is `baseUrl`: both hosts' paths (`/v1/segment`, `/v2/edit`, `/v2/account`) on one server. */
export type FakePhotoroom = ProviderFake<PhotoroomState>;

// ---------------------------------------------------------------- helpers

const SEGMENT_FIELDS = ['format', 'channels', 'bg_color', 'size', 'crop', 'despill'];
const SEGMENT_PIXELS = { preview: 250_000, medium: 1_500_000, hd: 4_000_000, full: 36_000_000 };
const MB = 1024 * 1024;
/** Upscale's input limits with the default model (the document's figures). */
const UPSCALE_PIXELS = { 'ai.fast': 1_000_000, 'ai.slow': 262_144 };
const DAY_MS = 24 * 3600 * 1000;
/** Sizes for generated images with `outputSize=auto` (derived: HD is about a megapixel). */
const GENERATED_SIZES: Record<string, [number, number]> = {
	SQUARE_HD: [1024, 1024],
	PORTRAIT_HD_16_9: [768, 1344],
	PORTRAIT_HD_4_3: [896, 1152],
	PORTRAIT_HD_3_2: [832, 1216],
	LANDSCAPE_HD_3_2: [1216, 832],
	LANDSCAPE_HD_4_3: [1152, 896],
	LANDSCAPE_HD_16_9: [1344, 768],
	LANDSCAPE_16_9: [1024, 576],
	LANDSCAPE_4_3: [1024, 768],
	PORTRAIT_16_9: [576, 1024],
	PORTRAIT_4_3: [768, 1024],
};
type Format = 'png' | 'jpeg' | 'webp' | 'avif';
const CONTENT_TYPES: Record<Format, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	avif: 'image/avif',
};

/**
 * Upscale: 4 times the input (first shrunk to the model's pixels when `upscale.downscaleIfNeeded`
 * allows and it is larger; derived: Photoroom says "up to 4 times"). Without upscale, the input.
 */
function upscaled(input: { width: number; height: number }, v: Record<string, string>) {
	const mode = v['upscale.mode'];
	if (mode !== 'ai.fast' && mode !== 'ai.slow') return { ...input };
	const cap = UPSCALE_PIXELS[mode];
	const shrunk = input.width * input.height > cap ? capPixels(input, cap) : input;
	return { width: shrunk.width * 4, height: shrunk.height * 4 };
}

/** The fake's subject: the centred 3/4 of the image. */
const subjectOf = (size: { width: number; height: number }) => ({
	width: Math.max(1, Math.round(size.width * 0.75)),
	height: Math.max(1, Math.round(size.height * 0.75)),
});

function capPixels(size: { width: number; height: number }, pixels: number) {
	const scale = Math.min(1, Math.sqrt(pixels / (size.width * size.height)));
	return {
		width: Math.max(1, Math.floor(size.width * scale)),
		height: Math.max(1, Math.floor(size.height * scale)),
	};
}

function flatten(rgba: Rgba): Rgba {
	const a = rgba[3] / 255;
	return [0, 1, 2].map((i) => Math.round(rgba[i] * a + 255 * (1 - a))).concat(255) as Rgba;
}

function render(
	format: Format,
	width: number,
	height: number,
	fill: Rgba,
	dpi?: number,
	comment?: string,
) {
	if (format === 'png') return solidPng(width, height, fill, { dpi, comment });
	if (format === 'jpeg') return solidJpeg(width, height, flatten(fill), { dpi, comment });
	if (format === 'webp') return solidWebp(width, height, fill);
	return avifPlaceholder();
}

/** What a sandbox result shows: the input's picture, placed as the request asks. */
interface Look {
	picture: Picture;
	removeBackground: boolean;
	values: Record<string, string>;
}

/** `render` with real pixels: the look's picture drawn over the fill (AVIF: the placeholder). */
function renderLook(
	look: Look,
	format: Format,
	width: number,
	height: number,
	fill: Rgba,
	dpi?: number,
	comment?: string,
) {
	if (format === 'avif') return avifPlaceholder();
	const img = photoroomLook(look.picture, {
		width,
		height,
		fill: format === 'jpeg' ? flatten(fill) : fill,
		removeBackground: look.removeBackground,
		values: look.values,
	});
	if (format === 'png') return picturePng(img, { dpi, comment });
	if (format === 'jpeg') return pictureJpeg(img, { dpi, comment });
	return webpLossless(img);
}

function score(seed: string, fixed?: number): string {
	if (fixed !== undefined) return String(fixed);
	const n = parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 4), 16) / 0xffff;
	return n.toFixed(3);
}

const isHeic = (head: Buffer) => hasBrand(head, HEIC_BRANDS);

// ---------------------------------------------------------------- the fake

/** Paid: every segment and edit call (one image each; a refused call costs nothing). */
export const paidWork: PaidWork = {
	isPaid: (r) => r.path === '/v1/segment' || r.path === '/v2/edit',
	units: () => 1,
};

export async function startFakePhotoroom(opts: FakePhotoroomOptions): Promise<FakePhotoroom> {
	const maxOutputSide = opts.maxOutputSide ?? 8000;
	const urlImageSize = opts.urlImageSize ?? { width: 800, height: 600 };
	const quota = { perDay: 100, perMonth: 1000, ...opts.sandboxQuota };
	const state: PhotoroomState = {
		calls: [],
		images: { available: 0, subscription: 0 },
		plan: 'basic',
		rateLimit: false,
		accepted: [],
		sandboxCalls: [],
		refusedForRate: 0,
	};
	function initialState() {
		state.images = { available: 100_000, subscription: 100_000, ...opts.images };
		state.plan = opts.plan ?? 'basic';
		state.rateLimit =
			opts.rateLimit === false
				? false
				: { perMinute: DOCUMENTED_RATE_PER_MINUTE, ...opts.rateLimit };
	}
	initialState();

	const refusal = async (ctx: RouteContext) =>
		await ctx.json(opts.keyRefusalStatus ?? 403, { error: { message: 'Unauthorized' } });

	/** undefined when the request was answered (key refused). */
	async function authenticate(ctx: RouteContext, endpoint: PhotoroomEndpoint) {
		const key = ctx.req.headers['x-api-key'];
		if (!key && endpoint === 'account') {
			await ctx.json(400, { error: { message: 'apiKey: Required' } });
			return undefined;
		}
		if (key === opts.apiKey) return { sandbox: false };
		if (key === `${SANDBOX_PREFIX}${opts.apiKey}`) return { sandbox: true };
		await refusal(ctx);
		return undefined;
	}

	function segmentError(status: number, detail: string, type: string) {
		return { detail, status_code: status, type };
	}

	/** A 429 reply when the call is over a limit; counts the call otherwise. */
	function overRate(req: RecordedRequest): boolean {
		const limit = state.rateLimit;
		if (!limit) return false;
		const now = Date.now();
		while (state.accepted.length && state.accepted[0] <= now - 60_000) state.accepted.shift();
		const lastSecond = state.accepted.filter((t) => t > now - 1000).length;
		const over =
			(limit.inFlight !== undefined && (req.inFlight ?? 1) > limit.inFlight) ||
			(limit.perSecond !== undefined && lastSecond >= limit.perSecond) ||
			(limit.perMinute !== undefined && state.accepted.length >= limit.perMinute);
		if (over) state.refusedForRate++;
		else state.accepted.push(now);
		return over;
	}

	function retryHeaders(): Record<string, string> {
		const seconds = state.rateLimit ? state.rateLimit.retryAfterSeconds : undefined;
		return seconds === undefined ? {} : { 'retry-after': String(seconds) };
	}

	/** Sandbox quota or credits; returns a refusal message, or undefined when the call may go. */
	function charge(sandbox: boolean, cost: number): string | undefined {
		if (sandbox) {
			const now = Date.now();
			const today = state.sandboxCalls.filter((t) => t > now - DAY_MS).length;
			if (today >= quota.perDay || state.sandboxCalls.length >= quota.perMonth)
				return `Sandbox quota exceeded (${quota.perDay} calls a day, ${quota.perMonth} a month)`;
			state.sandboxCalls.push(now);
			return undefined;
		}
		if (state.images.available < cost) return CREDITS_EXHAUSTED;
		state.images.available = Math.round((state.images.available - cost) * 100) / 100;
		return undefined;
	}

	function record(call: PhotoroomCall) {
		state.calls.push(call);
	}

	function paramsOf(req: RecordedRequest): Record<string, string> {
		const params: Record<string, string> = {};
		for (const key of Object.keys(req.query)) params[key] = first(req.query, key)!;
		for (const [key, values] of Object.entries(req.fields)) params[key] = values[0];
		for (const file of req.files) params[file.field] = `file:${file.filename}`;
		return params;
	}

	// ------------------------------------------------------------ segment

	async function segment(ctx: RouteContext) {
		const auth = await authenticate(ctx, 'segment');
		if (!auth) return;
		const { req } = ctx;
		const params = paramsOf(req);
		const fail = async (
			status: number,
			detail: string,
			type: string,
			headers?: Record<string, string>,
		) => {
			record({
				endpoint: 'segment',
				method: req.method,
				sandbox: auth.sandbox,
				params,
				status,
				cost: 0,
				error: detail,
			});
			await ctx.json(status, segmentError(status, detail, type), headers);
		};
		if (overRate(req))
			return await fail(429, 'Too Many Requests', 'rate_limit_exceeded', retryHeaders());

		// the image: multipart `image_file`, or JSON `{image_file_b64}`
		const contentType = (req.headers['content-type'] ?? '').toLowerCase();
		let head: Buffer | undefined;
		let whole: Buffer | undefined;
		let bytes = 0;
		let seed = '';
		let fields: Record<string, string> = {};
		if (contentType.startsWith('application/json')) {
			const body = req.body as Record<string, unknown> | undefined;
			if (req.jsonError || !body || typeof body !== 'object' || Array.isArray(body))
				return await fail(400, 'The request body must be a JSON object.', 'invalid_body');
			const { image_file_b64: b64, ...rest } = body;
			for (const [key, value] of Object.entries(rest)) {
				if (typeof value !== 'string')
					return await fail(400, `${key} must be a string`, 'invalid_parameter');
				fields[key] = value;
			}
			if (b64 !== undefined) {
				const decoded = typeof b64 === 'string' ? decodeBase64Image(b64) : undefined;
				if (!decoded || /^data:/.test(b64 as string))
					return await fail(
						400,
						'image_file_b64 must be the base64 of an image, without a data: prefix',
						'invalid_image',
					);
				head = decoded.bytes;
				whole = decoded.bytes;
				bytes = decoded.bytes.length;
				seed = createHash('sha256').update(decoded.bytes).digest('hex');
			}
		} else if (contentType.startsWith('multipart/form-data')) {
			if (req.multipartError) return await fail(400, req.multipartError, 'invalid_body');
			for (const [key, values] of Object.entries(req.fields)) {
				if (values.length > 1)
					return await fail(400, `${key} must be given once`, 'invalid_parameter');
				fields[key] = values[0];
			}
			const files = req.files.filter((f) => f.field === 'image_file');
			const others = req.files.filter((f) => f.field !== 'image_file');
			if (others.length && files.length)
				return await fail(400, `Unknown field: ${others[0].field}`, 'invalid_parameter');
			if (files.length > 1)
				return await fail(400, 'image_file must be given once', 'invalid_parameter');
			if (files[0]) {
				head = files[0].head;
				whole = files[0].bytes;
				bytes = files[0].size;
				seed = files[0].sha256;
			}
			if ('image_file' in fields)
				return await fail(400, 'image_file must be a file part', 'invalid_parameter');
		} else if (!contentType) {
			fields = {};
		} else {
			return await fail(
				400,
				'The body must be multipart/form-data or application/json.',
				'invalid_body',
			);
		}
		if (Object.keys(req.query).length)
			return await fail(
				400,
				`Unknown field: ${Object.keys(req.query)[0]} (parameters go in the body)`,
				'invalid_parameter',
			);
		const unknown = Object.keys(fields).find((key) => !SEGMENT_FIELDS.includes(key));
		if (unknown) return await fail(400, `Unknown field: ${unknown}`, 'invalid_parameter');
		if (!head || bytes === 0) return await fail(400, 'Please provide an image.', 'missing_image');

		const parsed = attempt(() => {
			const colour =
				fields.bg_color === undefined ? undefined : parseColour(fields.bg_color, 'required');
			if (fields.bg_color !== undefined && !colour)
				throw new ParamError(
					'bg_color',
					'bg_color must be a hex code such as #FF00FF or an HTML color such as red',
				);
			check.bool('despill', fields.despill);
			return {
				format: check.oneOf('format', fields.format, ['png', 'jpg', 'webp'] as const) ?? 'png',
				channels: check.oneOf('channels', fields.channels, ['rgba', 'alpha'] as const) ?? 'rgba',
				size:
					check.oneOf('size', fields.size, ['preview', 'medium', 'hd', 'full'] as const) ?? 'full',
				crop: check.bool('crop', fields.crop) ?? false,
				fill: colour,
			};
		});
		if (parsed.error) return await fail(400, parsed.error.message, 'invalid_parameter');
		const { format, channels, size, crop, fill } = parsed.value;
		const kind = sniff(head);
		if (!['png', 'jpeg', 'webp'].includes(kind) && !isHeic(head))
			return await fail(
				400,
				'Unsupported image format: send PNG, JPEG, WEBP or HEIC.',
				'unsupported_image',
			);
		if (bytes > 50 * MB)
			return await fail(400, 'The image is larger than 50 MB.', 'image_too_large');
		const input = imageSize(head) ?? urlImageSize;
		if (Math.max(input.width, input.height) > 6000)
			return await fail(
				400,
				'The image is larger than 6000 px on its widest side.',
				'image_too_large',
			);

		const cost = (state.plan === 'plus' ? 0.2 : 1) * (size === 'preview' ? 0.25 : 1);
		const refused = charge(auth.sandbox, cost);
		if (refused) return await fail(402, refused, 'insufficient_credits');

		const out = capPixels(crop ? subjectOf(input) : input, SEGMENT_PIXELS[size]);
		const outFormat: Format = format === 'jpg' ? 'jpeg' : format;
		const colour: Rgba = channels === 'alpha' ? [255, 255, 255, 255] : (fill ?? [0, 0, 0, 0]);
		const picture = channels === 'alpha' ? undefined : opts.pictures?.({ bytes: whole });
		const comment = auth.sandbox ? SANDBOX_WATERMARK : undefined;
		const image = picture
			? renderLook(
					{ picture, removeBackground: true, values: {} },
					outFormat,
					out.width,
					out.height,
					colour,
					undefined,
					comment,
				)
			: render(outFormat, out.width, out.height, colour, undefined, comment);
		record({
			endpoint: 'segment',
			method: req.method,
			sandbox: auth.sandbox,
			params,
			status: 200,
			cost: auth.sandbox ? 0 : cost,
			output: { ...out, format: outFormat },
		});
		const headers = { 'x-uncertainty-score': score(seed, opts.uncertaintyScore) };
		if ((req.headers.accept ?? '').includes('application/json'))
			return await ctx.json(200, { base64img: image.toString('base64') }, headers);
		await ctx.send(200, image, CONTENT_TYPES[outFormat], headers);
	}

	// ------------------------------------------------------------ v2/edit

	function validateHeaders(req: RecordedRequest): { shadowModel?: string } {
		const h = req.headers;
		const allowed: Array<[string, string[]]> = [
			['pr-ai-background-model-version', ['2', '3', 'background-studio-beta-2025-03-17']],
			['pr-ai-shadows-model-version', ['2026-04-15']],
			['pr-background-removal-model-version', ['2023-06-01', '2024-09-26', 'default']],
		];
		for (const [name, values] of allowed) {
			if (h[name] !== undefined && !values.includes(h[name]))
				throw new ParamError(name, `${name} must be one of ${values.join(', ')}`);
		}
		return { shadowModel: h['pr-ai-shadows-model-version'] };
	}

	/** Validates a v2/edit request; returns the values and the files by field. */
	function validateEdit(req: RecordedRequest) {
		const isGet = req.method === 'GET';
		const values: Record<string, string> = {};
		const files: Record<string, RecordedFile> = {};
		const unsupported: string[] = [];
		const take = (name: string, all: string[]) => {
			const spec = EDIT_PARAMS[name] ?? dynamicSpec(name);
			if (!spec) {
				unsupported.push(name);
				return;
			}
			if (spec.t === 'file')
				throw new ParamError(
					name,
					isGet ? `${name} is only available in the POST request` : `${name} must be a file`,
				);
			if (spec.t === 'url' && !isGet && !name.startsWith('layers.'))
				throw new ParamError(
					name,
					`${name} is only available in the GET request; send the image as a file in the POST request`,
				);
			if (name === 'virtualModel.additionalProductImages') {
				if (all.length > 4) throw new ParamError(name, `${name} takes 1 to 4 images`);
				for (const url of all) check.httpUrl(name, url);
			} else if (all.length > 1) throw new ParamError(name, `${name} must be given once`);
			validateValue(name, spec, all[0]);
			values[name] = all[0];
		};
		if (isGet) {
			for (const name of Object.keys(req.query)) {
				const value = req.query[name];
				take(name, Array.isArray(value) ? value : [value]);
			}
		} else {
			const contentType = (req.headers['content-type'] ?? '').toLowerCase();
			if (!contentType.startsWith('multipart/form-data'))
				throw new ParamError('body', 'All parameters must be passed in a multipart/form-data body');
			if (req.multipartError) throw new ParamError('body', req.multipartError);
			if (Object.keys(req.query).length)
				throw new ParamError(
					Object.keys(req.query)[0],
					'Parameters must not be passed using the query string in the POST request',
				);
			for (const [name, all] of Object.entries(req.fields)) take(name, all);
			for (const file of req.files) {
				const spec = EDIT_PARAMS[file.field] ?? dynamicSpec(file.field);
				if (!spec) {
					unsupported.push(file.field);
					continue;
				}
				if (spec.t !== 'file')
					throw new ParamError(file.field, `${file.field} must be a text field, not a file`);
				if (files[file.field] || file.field in values)
					throw new ParamError(file.field, `${file.field} must be given once`);
				files[file.field] = file;
			}
		}
		return { values, files, unsupported };
	}

	/** photoroom.md §3.4 and the image checks; returns what the output needs. */
	function editRules(
		req: RecordedRequest,
		v: Record<string, string>,
		files: Record<string, RecordedFile>,
	) {
		const { shadowModel } = validateHeaders(req);
		const has = (name: string) => name in v || name in files;
		const removeBackground = v.removeBackground !== 'false';

		const backgrounds = ['background.imageUrl', 'background.imageFile', 'background.prompt'].filter(
			has,
		);
		if (backgrounds.length > 1)
			throw new ParamError(
				backgrounds[1],
				`${backgrounds.join(' and ')} cannot be provided together`,
			);
		if (!removeBackground) {
			for (const name of [
				'background.imageUrl',
				'background.imageFile',
				'background.guidance.imageUrl',
				'background.guidance.imageFile',
				'referenceBox',
				'ignorePaddingAndSnapOnCroppedSides',
			]) {
				if (has(name))
					throw new ParamError(
						name,
						`${name} can't be provided if removeBackground is set to false`,
					);
			}
		}
		if (has('background.scaling') && !has('background.imageUrl') && !has('background.imageFile'))
			throw new ParamError(
				'background.scaling',
				'background.scaling can only be provided if background.imageUrl or background.imageFile is provided',
			);
		const mainImage = has('imageUrl') || has('imageFile');
		if (has('scaling') && !mainImage)
			throw new ParamError(
				'scaling',
				'scaling can only be provided if imageUrl or imageFile is provided',
			);
		const outputSize = v.outputSize ?? 'auto';
		for (const name of ['maxWidth', 'maxHeight']) {
			if (has(name) && !['originalImage', 'croppedSubject'].includes(outputSize))
				throw new ParamError(
					name,
					`${name} can only be provided if outputSize is originalImage or croppedSubject`,
				);
		}
		const generated = [
			'imageFromPrompt.prompt',
			'templateId',
			'flatLay.mode',
			'ghostMannequin.mode',
			'virtualModel.mode',
		].find(has);
		if (!mainImage && !generated && !Object.keys(v).some((k) => k.startsWith('layers.')))
			throw new ParamError(
				req.method === 'GET' ? 'imageUrl' : 'imageFile',
				`${req.method === 'GET' ? 'imageUrl' : 'imageFile'} is required`,
			);

		// the AI edits' rules (photoroom-ai-rules.ts)
		aiEditRules(v, has, req.headers);

		// shadows and their model (photoroom.md §3.4 rule 5)
		const mode = v['shadow.mode'];
		const newModel = shadowModel === '2026-04-15';
		if (mode && ['ai.soft', 'ai.hard'].includes(mode) && newModel)
			throw new ParamError(
				'shadow.mode',
				`shadow.mode ${mode} is only compatible with legacy AI Shadows models`,
			);
		if (mode === 'ai.floating' && newModel)
			throw new ParamError(
				'shadow.mode',
				'shadow.mode ai.floating is not compatible with the 2026-04-15 AI Shadows model',
			);
		if ((mode?.startsWith('ai.preset-') ?? false) || mode === 'ai.auto-with-overrides') {
			if (!newModel)
				throw new ParamError(
					'shadow.mode',
					`shadow.mode ${mode} requires the header pr-ai-shadows-model-version: 2026-04-15`,
				);
		}
		for (const name of Object.keys(v).filter((k) => /^shadow\.\w+Override$/.test(k))) {
			if (mode !== 'ai.auto-with-overrides' || !newModel)
				throw new ParamError(
					name,
					`${name} requires shadow.mode ai.auto-with-overrides and the header pr-ai-shadows-model-version: 2026-04-15`,
				);
		}

		// colorSpace=original: pure background removal to PNG only (rule 6)
		if (v.colorSpace === 'original') {
			const allowed = (name: string) =>
				[
					'imageUrl',
					'imageFile',
					'colorSpace',
					'removeBackground',
					'segmentation.mode',
					'segmentation.prompt',
					'segmentation.negativePrompt',
				].includes(name) ||
				(name === 'export.format' && v[name] === 'png') ||
				(name === 'keepExistingAlphaChannel' && v[name] === 'never') ||
				(name === 'preserveMetadata' && ['never', 'xmp'].includes(v[name])) ||
				(name === 'outputSize' && ['auto', 'originalImage'].includes(v[name]));
			const conflict = [...Object.keys(v), ...Object.keys(files)].find((name) => !allowed(name));
			if (conflict)
				throw new ParamError(conflict, `colorSpace original cannot be combined with ${conflict}`);
			if (!removeBackground)
				throw new ParamError('removeBackground', 'colorSpace original requires removeBackground');
		}

		// images: the main one, backgrounds (30 MB each, PNG/JPEG/WEBP)
		for (const [field, file] of Object.entries(files)) {
			if (file.size > 30 * MB) throw new ParamError(field, `${field} is larger than 30MB`);
			if (file.size === 0) throw new ParamError(field, `${field} is empty`);
			if (isHeic(file.head))
				throw new ParamError(field, `${field}: HEIC is not supported by the Image Editing API`);
			if (!['png', 'jpeg', 'webp'].includes(sniff(file.head)))
				throw new ParamError(field, `${field} must be a PNG, JPEG or WEBP image`);
		}
		for (const name of Object.keys(v).filter(
			(k) => EDIT_PARAMS[k]?.t === 'url' || dynamicSpec(k)?.t === 'url',
		)) {
			if (v[name].includes(PHOTOROOM_FAULT.download))
				throw new ParamError(name, `${name} could not be downloaded`);
		}
		const main = files.imageFile;
		const input = main ? (imageSize(main.head) ?? urlImageSize) : urlImageSize;
		const source = main?.filename ?? v.imageUrl ?? '';

		if (v['beautify.onSubjectMismatch'] === 'error') {
			if (v['beautify.mode'] !== 'ai.food')
				throw new ParamError(
					'beautify.onSubjectMismatch',
					`The subject check is not supported for beautify.mode ${v['beautify.mode'] ?? '(none)'}`,
				);
			if (source.includes(PHOTOROOM_FAULT.notFood))
				throw new ParamError('beautify.onSubjectMismatch', 'The image was not detected as food');
		}
		if (v['upscale.mode'] && (v['upscale.downscaleIfNeeded'] ?? 'never') === 'never') {
			const cap = UPSCALE_PIXELS[v['upscale.mode'] === 'ai.fast' ? 'ai.fast' : 'ai.slow'];
			if (mainImage && input.width * input.height > cap)
				throw new ParamError(
					'upscale.mode',
					`upscale.mode ${v['upscale.mode']} accepts at most ${cap} input pixels`,
				);
		}

		// the output
		let out: { width: number; height: number };
		const custom = /^(\d+)x(\d+)$/.exec(outputSize);
		if (custom) out = { width: Number(custom[1]), height: Number(custom[2]) };
		else if (outputSize === 'croppedSubject') out = subjectOf(input);
		else if (mainImage && !['flatLay.mode', 'ghostMannequin.mode', 'virtualModel.mode'].some(has))
			out = upscaled(input, v);
		else {
			const sized =
				v['imageFromPrompt.size'] ??
				v['flatLay.size'] ??
				v['ghostMannequin.size'] ??
				(has('virtualModel.mode') ? (v['virtualModel.size'] ?? 'PORTRAIT_HD_3_2') : 'SQUARE_HD');
			const [width, height] = GENERATED_SIZES[sized] ?? [1024, 1024];
			out = { width, height };
		}
		if (v.maxWidth || v.maxHeight) {
			const scale = Math.min(
				1,
				Number(v.maxWidth ?? Infinity) / out.width,
				Number(v.maxHeight ?? Infinity) / out.height,
			);
			out = {
				width: Math.max(1, Math.floor(out.width * scale)),
				height: Math.max(1, Math.floor(out.height * scale)),
			};
		}
		if (Math.max(out.width, out.height) > maxOutputSide)
			throw new ParamError(
				'outputSize',
				`outputSize must be at most ${maxOutputSide} pixels a side`,
			);
		const format: Format =
			({ jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', avif: 'avif' } as const)[
				v['export.format'] as 'jpg'
			] ?? 'png';
		const colour = v['background.color']
			? parseColour(v['background.color'], 'optional')!
			: undefined;
		const fill: Rgba =
			colour ??
			(!removeBackground
				? [128, 128, 128, 255]
				: backgrounds.length || generated
					? [220, 220, 220, 255]
					: [0, 0, 0, 0]);
		return { out, format, fill, removeBackground, source: source || JSON.stringify(v) };
	}

	async function edit(ctx: RouteContext) {
		const auth = await authenticate(ctx, 'edit');
		if (!auth) return;
		const { req } = ctx;
		const params = paramsOf(req);
		const fail = async (
			status: number,
			error: unknown,
			message: string,
			headers?: Record<string, string>,
		) => {
			record({
				endpoint: 'edit',
				method: req.method,
				sandbox: auth.sandbox,
				params,
				status,
				cost: 0,
				error: message,
			});
			await ctx.json(status, error, headers);
		};
		if (overRate(req))
			return await fail(
				429,
				{ error: { message: 'Too Many Requests' } },
				'Too Many Requests',
				retryHeaders(),
			);
		const checked = attempt(() => {
			const parsed = validateEdit(req);
			if (parsed.unsupported.length && opts.unsupportedAttributes !== 'header')
				throw new ParamError(
					parsed.unsupported[0],
					`Unsupported attributes: ${parsed.unsupported.join(', ')}`,
				);
			return { ...editRules(req, parsed.values, parsed.files), unsupported: parsed.unsupported };
		});
		if (checked.error)
			return await fail(400, { error: { message: checked.error.message } }, checked.error.message);
		const result = checked.value;
		const unsupported = result.unsupported;
		const cost = state.plan === 'plus' ? 1 : 5;
		const refused = charge(auth.sandbox, cost);
		if (refused) return await fail(402, { error: { detail: refused } }, refused);

		const v = paramsOf(req);
		const dpi = v['export.dpi'] ? Number(v['export.dpi']) : undefined;
		const { out, format, fill } = result;
		const comment = auth.sandbox ? SANDBOX_WATERMARK : undefined;
		const main = req.files.find((f) => f.field === 'imageFile');
		const picture =
			main || v.imageUrl ? opts.pictures?.({ bytes: main?.bytes, url: v.imageUrl }) : undefined;
		const image = picture
			? renderLook(
					{ picture, removeBackground: result.removeBackground, values: v },
					format,
					out.width,
					out.height,
					fill,
					dpi,
					comment,
				)
			: render(format, out.width, out.height, fill, dpi, comment);
		const headers: Record<string, string> = {};
		if (result.removeBackground)
			headers['x-uncertainty-score'] = score(result.source, opts.uncertaintyScore);
		if (v['background.prompt'])
			headers['pr-ai-background-seed'] =
				v['background.seed'] ?? String(parseInt(randomUUID().slice(0, 6), 16));
		if (v['textRemoval.mode'])
			headers['pr-texts-detected'] = String(parseInt(score(result.source).slice(2, 3), 10) % 4);
		if (unsupported.length)
			headers['pr-unsupported-attributes'] = `Unsupported attributes: ${unsupported.join(', ')}`;
		if (req.method === 'GET')
			headers['pr-edit-further-url'] = `${server.baseUrl}/edit-further/${randomUUID()}`;
		record({
			endpoint: 'edit',
			method: req.method,
			sandbox: auth.sandbox,
			params,
			status: 200,
			cost: auth.sandbox ? 0 : cost,
			output: { ...out, format },
		});
		await ctx.send(200, image, CONTENT_TYPES[format], headers);
	}

	// ------------------------------------------------------------ account

	async function account(ctx: RouteContext, version: 1 | 2) {
		const auth = await authenticate(ctx, 'account');
		if (!auth) return;
		const images = { ...state.images };
		record({
			endpoint: 'account',
			method: 'GET',
			sandbox: auth.sandbox,
			params: paramsOf(ctx.req),
			status: 200,
			cost: 0,
		});
		await ctx.json(200, version === 2 ? { images, plan: state.plan } : { credits: images });
	}

	const api = router(
		{
			'POST /v1/segment': segment,
			'GET /v2/edit': edit,
			'POST /v2/edit': edit,
			'GET /v2/account': async (ctx) => await account(ctx, 2),
			'GET /v1/account': async (ctx) => await account(ctx, 1),
		},
		async (ctx) =>
			await ctx.json(405, { error: { message: `Method ${ctx.req.method} not allowed` } }),
	);

	const server = await startProviderFake(api, {
		state,
		apiPath: '',
		// the sandbox draws results from the upload (tests hash uploads, never keep them)
		keepFileBytes: opts.pictures ? 30 * MB : undefined,
		latencyMs: opts.latencyMs,
		errorBody: (_status, message) => ({ error: { message } }),
		onParamError: async (ctx, err) =>
			await ctx.json(err.status, { error: { message: err.message } }),
	});
	server.onReset(initialState);
	return server;
}
