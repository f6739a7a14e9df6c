/**
 * Fake Ximilar Remove Background API (`/removebg/{precise|fast}/removebg`,
 * header `Authorization: Token <key>`).
 *
 * Protocol choices where the provider's documents are silent (our reading):
 * - Request-level problems (body not a JSON object, `records` missing/empty/over
 *   `maxRecordsPerRequest`, bad `image_format`/`image_quality`) are HTTP 400 with
 *   `status {code: 400, text: "Bad Request", error_description}`.
 * - A valid request is always HTTP 200, even when every record failed; failed records carry
 *   `_status {code: 400, text}`. Records fail for: none or both of `_url`/`_base64`,
 *   a non-http(s) `_url` or one carrying `FAULT.download` (./faults.ts), `_base64` that does not
 *   decode to an image.
 * - With `binary_mask` the record gets `_output_url_mask` instead of `_output_url`; the mask is
 *   jpg unless `image_format` is given. `_output_url_whitebg` is always jpg.
 * - `_width`/`_height` are the input PNG's size, else 800x600; PNG outputs have that size,
 *   jpg/webp outputs are tiny fixed images.
 * - `rewriteReply` lets a test change a 200 reply into shapes the fake does not make by itself.
 */
import { randomUUID } from 'node:crypto';

import {
	attempt,
	check,
	ParamError,
	router,
	startProviderFake,
	type ProviderFake,
	type RouteContext,
} from './fake-server';
import { asksFor } from './faults';
import { decodeBase64Image, makeMedia, makePng, MIME_TYPES, pngSize } from './media';
import type { SandboxCutout } from './sandbox-images';
import type { PaidWork } from './paid-work';

export interface FakeXimilarOptions {
	apiKey: string;
	/** Records allowed in one request (default 10). */
	maxRecordsPerRequest?: number;
	latencyMs?: number;
	/** Fields of `GET /account/v2/details/` to report instead of the defaults. */
	account?: { credits_counter?: number; credits_limit?: number };
	/**
	 * Sandbox only (`npm run dev`): makes the PNG cut-out and the white-background JPG from the
	 * record's image (see sandbox-images.ts). Without it results are blank images of the input's size.
	 */
	cutout?: (input: { bytes?: Buffer; url?: string }) => SandboxCutout | undefined;
}

export type XimilarRecord = Record<string, unknown> & {
	_url?: string;
	_base64?: string;
	binary_mask?: boolean;
	white_background?: boolean;
};

export interface XimilarCall {
	endpoint: 'precise' | 'fast';
	imageFormat: 'png' | 'jpg' | 'webp';
	imageQuality: number;
	/** Input records as sent, with `_base64` replaced by its decoded length. */
	records: Array<Record<string, unknown>>;
	succeeded: number;
	failed: number;
}

export interface XimilarState {
	calls: XimilarCall[];
	/** Records processed (succeeded) per endpoint (`precise`/`fast`), absent until the first. */
	processed: Record<string, number>;
}

/** A removebg reply as the fake builds it, before `rewriteReply`. */
export interface XimilarReply {
	records: Array<Record<string, unknown>>;
	status: Record<string, unknown>;
	statistics: Record<string, unknown>;
}

/** `apiUrl` is `${baseUrl}/removebg/`. */
export type FakeXimilar = ProviderFake<XimilarState> & {
	/**
	 * Rewrites the next HTTP 200 replies (until `reset()`), for shapes the fake does not produce
	 * by itself: the older documented record with `_output_url` beside `_output_url_mask`, a
	 * top-level `status.code` that is not 200, a wrong number of records.
	 */
	rewriteReply?: (reply: XimilarReply) => unknown;
};

const FORMATS = ['png', 'jpg', 'webp'] as const;
type Format = (typeof FORMATS)[number];
const KIND: Record<Format, 'png' | 'jpeg' | 'webp'> = { png: 'png', jpg: 'jpeg', webp: 'webp' };

function status(code: number, text: string, extra: Record<string, unknown> = {}) {
	return { code, text, request_id: randomUUID(), ...extra };
}

function badRequest(message: string) {
	return { status: status(400, 'Bad Request', { error_description: message }), records: [] };
}

/** Paid: a removebg request, one unit per record. */
export const paidWork: PaidWork = {
	isPaid: (r) => r.method === 'POST' && r.path.endsWith('/removebg'),
	units: (r) => ((r.body as { records?: unknown[] } | undefined)?.records ?? []).length,
};

export async function startFakeXimilar(opts: FakeXimilarOptions): Promise<FakeXimilar> {
	const maxRecords = opts.maxRecordsPerRequest ?? 10;
	const state: XimilarState = { calls: [], processed: {} };

	function publish(format: Format, size: { width: number; height: number }, made?: Buffer): string {
		const path = `/ximilar-tmp-images/removebg/${randomUUID()}.${format}`;
		const body =
			made ?? (format === 'png' ? makePng(size.width, size.height) : makeMedia(KIND[format]));
		return server.files.put(path, { contentType: MIME_TYPES[KIND[format]], body });
	}

	/** Validates one record; returns the input image size. */
	function inspect(record: XimilarRecord): { width: number; height: number } {
		const url = check.type<string>('_url', record._url, 'string');
		const base64 = check.type<string>('_base64', record._base64, 'string');
		check.type('binary_mask', record.binary_mask, 'boolean');
		check.type('white_background', record.white_background, 'boolean');
		if ((url === undefined) === (base64 === undefined))
			throw new ParamError('_url', 'record must contain exactly one of _url or _base64');
		if (url !== undefined) {
			check.httpUrl('_url', url);
			if (asksFor(url, 'download'))
				throw new ParamError('_url', `could not download image from ${url}`);
			return { width: 800, height: 600 };
		}
		const image = decodeBase64Image(base64!);
		if (!image) throw new ParamError('_base64', '_base64 is not a valid base64-encoded image');
		return pngSize(image.bytes) ?? { width: 800, height: 600 };
	}

	function processRecord(record: XimilarRecord, format: Format): Record<string, unknown> {
		const { _base64, ...echoed } = record;
		void _base64;
		const { value: inputSize, error } = attempt(() => inspect(record));
		if (error) return { ...echoed, _status: status(400, error.message) };
		const made = opts.cutout?.(
			record._base64 === undefined
				? { url: record._url }
				: { bytes: decodeBase64Image(record._base64)?.bytes },
		);
		const size = made ?? inputSize;
		const out: Record<string, unknown> = {
			...echoed,
			_status: status(200, 'OK'),
			_id: randomUUID(),
			_width: size.width,
			_height: size.height,
		};
		if (record.binary_mask === true)
			out._output_url_mask = publish(format === 'png' ? 'jpg' : format, size);
		else out._output_url = publish(format, size, format === 'png' ? made?.png : undefined);
		if (record.white_background === true)
			out._output_url_whitebg = publish('jpg', size, made?.whiteJpg);
		return out;
	}

	const authorized = async (ctx: RouteContext) => {
		if (ctx.req.headers.authorization === `Token ${opts.apiKey}`) return true;
		await ctx.json(401, { detail: 'Invalid token.' });
		return false;
	};

	/** The account endpoint the credential's Test button reads (free). */
	const accountDetails = async (ctx: RouteContext) => {
		if (!(await authorized(ctx))) return;
		// credits_counter: credits used this month; credits_limit: the plan's monthly credits.
		await ctx.json(200, {
			id: 'fake-user',
			email: 'user@example.com',
			first_name: 'Fake',
			last_name: 'User',
			credits_counter: 250,
			credits_limit: 1000,
			...opts.account,
		});
	};

	const removebg = (endpoint: XimilarCall['endpoint']) => async (ctx: RouteContext) => {
		if (ctx.req.headers.authorization !== `Token ${opts.apiKey}`)
			return await ctx.json(401, { status: { code: 401, text: 'Unauthorized' } });
		const started = Date.now();
		const body = ctx.req.body as
			| { records?: unknown; image_format?: unknown; image_quality?: unknown }
			| undefined;
		if (ctx.req.jsonError || typeof body !== 'object' || body === null || Array.isArray(body))
			return await ctx.json(400, badRequest('body must be a JSON object'));
		const records = check.type<XimilarRecord[]>('records', body.records, 'array');
		if (!records || records.length === 0)
			return await ctx.json(400, badRequest('records must be a non-empty list'));
		if (records.length > maxRecords)
			return await ctx.json(400, badRequest(`at most ${maxRecords} records per request`));
		if (records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
			return await ctx.json(400, badRequest('every record must be an object'));
		const imageFormat =
			check.oneOf(
				'image_format',
				check.type<string>('image_format', body.image_format, 'string'),
				FORMATS,
			) ?? 'png';
		const imageQuality =
			check.int(
				'image_quality',
				check.type<number>('image_quality', body.image_quality, 'number'),
				1,
				100,
			) ?? 85;

		const out = records.map((record) => processRecord(record, imageFormat));
		const succeeded = out.filter((r) => (r._status as { code: number }).code === 200).length;
		if (succeeded) state.processed[endpoint] = (state.processed[endpoint] ?? 0) + succeeded;
		state.calls.push({
			endpoint,
			imageFormat,
			imageQuality,
			records: records.map((r) =>
				r._base64 === undefined
					? { ...r }
					: { ...r, _base64: `<${String(r._base64).length} chars>` },
			),
			succeeded,
			failed: out.length - succeeded,
		});
		const reply: XimilarReply = {
			records: out,
			status: status(200, 'OK', { proc_id: randomUUID() }),
			statistics: { 'processing time': (Date.now() - started) / 1000 },
		};
		await ctx.json(200, server.rewriteReply ? server.rewriteReply(reply) : reply);
	};

	const server: FakeXimilar = await startProviderFake(
		router({
			'POST /removebg/precise/removebg': removebg('precise'),
			'POST /removebg/fast/removebg': removebg('fast'),
			'GET /account/v2/details/': accountDetails,
		}),
		{
			state,
			apiPath: '/removebg/',
			latencyMs: opts.latencyMs,
			errorBody: (code, message) => ({ status: status(code, message) }),
			onParamError: async (ctx, err) => await ctx.json(400, badRequest(err.message)),
		},
	);
	server.onReset(() => {
		server.rewriteReply = undefined;
	});
	return server;
}
