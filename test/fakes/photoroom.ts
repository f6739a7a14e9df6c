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
import { randomUUID } from 'node:crypto';

import {
	attempt,
	first,
	ParamError,
	router,
	startProviderFake,
	type ProviderFake,
	type RecordedRequest,
	type RouteContext,
} from './fake-server';
import type { PaidWork } from './paid-work';
import { DAY_MS, editRules, MB, SANDBOX_WATERMARK, score, validateEdit } from './photoroom-edit';
import { CONTENT_TYPES, render, renderLook } from './photoroom-render';
import type {
	FakePhotoroomOptions,
	PhotoroomCall,
	PhotoroomEndpoint,
	PhotoroomState,
} from './photoroom-types';
import { segment, type PhotoroomDesk } from './photoroom-segment';

export { EDIT_PARAMS } from './photoroom-parameters';
export { PHOTOROOM_FAULT, SANDBOX_WATERMARK } from './photoroom-edit';

export const SANDBOX_PREFIX = 'sandbox_';
export const CREDITS_EXHAUSTED =
	'API credits exhausted. Visit https://app.photoroom.com/api-dashboard to purchase more API credits';
/** The documented default rate limit (FAQ): 500 images a minute. */
export const DOCUMENTED_RATE_PER_MINUTE = 500;

export type {
	FakePhotoroomOptions,
	PhotoroomCall,
	PhotoroomEndpoint,
	PhotoroomRateLimit,
	PhotoroomState,
} from './photoroom-types';

/** `apiUrl` is `baseUrl`: both hosts' paths (`/v1/segment`, `/v2/edit`, `/v2/account`) on one server. */
export type FakePhotoroom = ProviderFake<PhotoroomState>;

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

	const desk: PhotoroomDesk = {
		opts,
		state,
		urlImageSize,
		authenticate,
		paramsOf,
		overRate,
		retryHeaders,
		charge,
		record,
		segmentError,
	};

	// ------------------------------------------------------------ v2/edit (rules: ./photoroom-edit.ts)

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
			return {
				...editRules(req, parsed.values, parsed.files, { maxOutputSide, urlImageSize }),
				unsupported: parsed.unsupported,
			};
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
			'POST /v1/segment': async (ctx) => await segment(desk, ctx),
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
