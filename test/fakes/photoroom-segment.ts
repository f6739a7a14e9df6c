/**
 * The Photoroom fake's v1/segment endpoint (./photoroom.ts serves it with its desk: the state,
 * authentication, rate limit and charging that both endpoints share).
 */
import { createHash } from 'node:crypto';

import { attempt, check, ParamError, type RecordedRequest, type RouteContext } from './fake-server';
import { decodeBase64Image, sniff } from './media';
import type {
	FakePhotoroomOptions,
	PhotoroomCall,
	PhotoroomEndpoint,
	PhotoroomState,
} from './photoroom-types';
import { capPixels, isHeic, MB, SANDBOX_WATERMARK, score, subjectOf } from './photoroom-edit';
import { imageSize, type Rgba } from './photoroom-images';
import { CONTENT_TYPES, render, renderLook, type Format } from './photoroom-render';
import { parseColour } from './photoroom-parameters';

const SEGMENT_FIELDS = ['format', 'channels', 'bg_color', 'size', 'crop', 'despill'];
const SEGMENT_PIXELS = {
	preview: 250_000,
	medium: 1_500_000,
	hd: 4_000_000,
	full: 36_000_000,
};

/** What both endpoints share: the fake's options and state, authentication, limits and charging. */
export interface PhotoroomDesk {
	opts: FakePhotoroomOptions;
	state: PhotoroomState;
	urlImageSize: { width: number; height: number };
	/** undefined when the request was answered (key refused). */
	authenticate(
		ctx: RouteContext,
		endpoint: PhotoroomEndpoint,
	): Promise<{ sandbox: boolean } | undefined>;
	paramsOf(req: RecordedRequest): Record<string, string>;
	/** A 429 reply when the call is over a limit; counts the call otherwise. */
	overRate(req: RecordedRequest): boolean;
	retryHeaders(): Record<string, string>;
	/** Sandbox quota or credits; returns a refusal message, or undefined when the call may go. */
	charge(sandbox: boolean, cost: number): string | undefined;
	record(call: PhotoroomCall): void;
	segmentError(status: number, detail: string, type: string): unknown;
}

export async function segment(desk: PhotoroomDesk, ctx: RouteContext) {
	const {
		authenticate,
		paramsOf,
		overRate,
		retryHeaders,
		charge,
		record,
		segmentError,
		state,
		opts,
		urlImageSize,
	} = desk;
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
	if (bytes > 50 * MB) return await fail(400, 'The image is larger than 50 MB.', 'image_too_large');
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
