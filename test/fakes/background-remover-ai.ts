/**
 * Fake BackgroundRemoverAI API (`/v1/convert/`, `/v1/results/`, header `Authorization: <key>`).
 *
 * Protocol choices where the provider's documents are silent (our reading):
 * - `bg_type=image` needs the background as an extra multipart file field named `bg_image`.
 * - Input files are accepted under `files` (the documented name) and `file[N]` (the PHP sample).
 * - Booleans are the strings `true`/`false`; unknown fields (such as `lang`) are ignored.
 * - `/v1/results/` needs no Authorization (the documented samples send none); an unknown
 *   uuid is HTTP 404 `{error}`, a missing one HTTP 400 `{error}`.
 * - An input whose filename carries `FAULT.unprocessable` (./faults.ts), or whose bytes are not
 *   an image (image convert) or a video/GIF (video convert), is listed in `failed` with a
 *   matching `errors` entry `"<filename>: <reason>"`.
 * - If two outputs would share a filename, later ones get `_<n>` before the extension.
 */
import { randomUUID } from 'node:crypto';

import {
	advancePoll,
	bump,
	check,
	first,
	ParamError,
	router,
	singleValues,
	startProviderFake,
	type ProviderFake,
	type RecordedFile,
	type RouteContext,
} from './fake-server';
import { asksFor } from './faults';
import {
	hexToRgba,
	IMAGE_KINDS,
	makeMedia,
	makePng,
	MIME_TYPES,
	sniff,
	type MediaKind,
} from './media';
import type { PaidWork } from './paid-work';
import { encodePng, removeNearWhite } from './sandbox-images';
import { blank, drawScaled, type SandboxMedia } from './sandbox-media';

export interface FakeBackgroundRemoverAiOptions {
	apiKey: string;
	/** `results` polls answered `finished: false` before a job is done (default 2). */
	pollsUntilDone?: number;
	/** When set, video outputs are generated bodies of this many bytes (real container header first). */
	videoResultBytes?: number;
	latencyMs?: number;
	/**
	 * Sandbox only (`npm run dev`): real media for results (sandbox-media.ts): a short clip (MOV
	 * with alpha, or MP4) or an animated GIF for a video, the cut-out of an uploaded PNG/JPEG
	 * image. Without it results are minimal valid files.
	 */
	media?: SandboxMedia;
	/**
	 * How a wrong key is refused (the document does not say): HTTP status and `{error}` text.
	 * Default 401 "Invalid API key"; settable at runtime through `state.keyRefusal`.
	 */
	keyRefusal?: { status: number; error: string };
}

export type BraiConvertTo = 'image-backgroundremover' | 'video-backgroundremover';

export interface BraiJob {
	uuid: string;
	convertTo: BraiConvertTo;
	/** Validated parameters, as sent (strings). */
	params: Record<string, string>;
	inputs: RecordedFile[];
	bgImage?: RecordedFile;
	polls: number;
}

export interface BraiState {
	jobs: Map<string, BraiJob>;
	/** Uploaded input files per filename, over all jobs. */
	uploadsByFilename: Record<string, number>;
	keyRefusal?: { status: number; error: string };
}

/** `apiUrl` is `${baseUrl}/v1/`. */
export type FakeBackgroundRemoverAi = ProviderFake<BraiState>;

const MODELS = ['u2net', 'u2net_human_seg', 'u2netp'] as const;
const VIDEO_FORMATS = [
	'mov',
	'mattekey',
	'gif',
	'video_over_image',
	'video_over_video',
	'gif_with_bg',
	'mp4_with_color',
] as const;
type VideoFormat = (typeof VIDEO_FORMATS)[number];
const VIDEO_CONTAINER: Record<VideoFormat, 'mov' | 'mp4' | 'gif'> = {
	mov: 'mov',
	mattekey: 'mp4',
	gif: 'gif',
	video_over_image: 'mp4',
	video_over_video: 'mp4',
	gif_with_bg: 'gif',
	mp4_with_color: 'mp4',
};
const VIDEO_INPUTS: readonly MediaKind[] = ['mov', 'mp4', 'webm', 'gif'];
const INPUT_FIELD = /^files?(\[\d*\])?$/;

/** Validates the convert form (throws ParamError); returns the fields that were sent. */
function validateConvert(
	fields: Record<string, string>,
	convertTo: BraiConvertTo,
): Record<string, string> {
	check.oneOf('model', fields.model, MODELS);
	check.bool('alpha_matting', fields.alpha_matting);
	check.int('alpha_fg', fields.alpha_fg, 0, 255);
	check.int('alpha_bg', fields.alpha_bg, 0, 255);
	check.int('alpha_erode', fields.alpha_erode, 1, 25);
	check.int('alpha_base_size', fields.alpha_base_size, 1);
	if (convertTo === 'image-backgroundremover') {
		check.bool('only_mask', fields.only_mask);
		check.oneOf('bg_type', fields.bg_type, ['transparent', 'color', 'image']);
		check.hexColor('bg_color_value', fields.bg_color_value, true);
	} else {
		check.oneOf('video_format', fields.video_format, VIDEO_FORMATS);
		check.bool('video_bg_color_enabled', fields.video_bg_color_enabled);
		check.hexColor('video_bg_color', fields.video_bg_color, true);
		check.int('framerate', fields.framerate, 1, 60);
		check.int('frame_limit', fields.frame_limit, 1);
	}
	return fields;
}

/** Paid: a conversion, one unit per uploaded file. */
export const paidWork: PaidWork = {
	isPaid: (r) => r.path === '/v1/convert/',
	units: (r) => r.files.filter((file) => file.field === 'files').length,
};

export async function startFakeBackgroundRemoverAi(
	opts: FakeBackgroundRemoverAiOptions,
): Promise<FakeBackgroundRemoverAi> {
	const pollsUntilDone = opts.pollsUntilDone ?? 2;
	const state: BraiState = { jobs: new Map(), uploadsByFilename: {}, keyRefusal: opts.keyRefusal };

	function failure(job: BraiJob, file: RecordedFile): string | undefined {
		if (asksFor(file.filename, 'unprocessable')) return 'could not process file';
		const allowed = job.convertTo === 'image-backgroundremover' ? IMAGE_KINDS : VIDEO_INPUTS;
		return allowed.includes(sniff(file.head))
			? undefined
			: `unsupported file type for ${job.convertTo}`;
	}

	/** The sandbox's image result: the upload's cut-out, on the colour when asked. */
	function sandboxImage(job: BraiJob, input: RecordedFile): Buffer | undefined {
		const picture = input.bytes ? opts.media?.picture({ bytes: input.bytes }) : undefined;
		if (!picture || job.params.only_mask === 'true') return undefined;
		const cut = removeNearWhite(picture);
		if (job.params.bg_type !== 'color') return encodePng(cut);
		const out = blank(cut.width, cut.height, hexToRgba(job.params.bg_color_value ?? '#ffffff'));
		drawScaled(out, cut, 0, 0, cut.width, cut.height);
		return encodePng(out);
	}

	function output(job: BraiJob, path: string, input: RecordedFile): void {
		if (job.convertTo === 'image-backgroundremover') {
			const made = sandboxImage(job, input);
			if (made) {
				server.files.put(path, { contentType: 'image/png', body: made });
				return;
			}
			const { only_mask, bg_type, bg_color_value } = job.params;
			const rgba =
				only_mask === 'true'
					? hexToRgba('#ffffff')
					: bg_type === 'color'
						? hexToRgba(bg_color_value ?? '#ffffff')
						: undefined;
			server.files.put(path, { contentType: 'image/png', body: makePng(64, 48, rgba) });
			return;
		}
		const kind = VIDEO_CONTAINER[(job.params.video_format as VideoFormat | undefined) ?? 'mov'];
		if (opts.media) {
			const body =
				kind === 'gif' ? opts.media.animation({ url: input.filename }) : opts.media.clip(kind);
			server.files.put(path, { contentType: MIME_TYPES[kind], body });
			return;
		}
		const head = makeMedia(kind);
		if (opts.videoResultBytes && kind !== 'gif') {
			server.files.put(path, {
				contentType: MIME_TYPES[kind],
				size: opts.videoResultBytes,
				generate: true,
				head,
			});
		} else server.files.put(path, { contentType: MIME_TYPES[kind], body: head });
	}

	function finish(job: BraiJob) {
		const ext =
			job.convertTo === 'image-backgroundremover'
				? 'png'
				: VIDEO_CONTAINER[(job.params.video_format as VideoFormat | undefined) ?? 'mov'];
		const files: Array<{ url: string; filename: string }> = [];
		const failed: string[] = [];
		const errors: string[] = [];
		const used = new Set<string>();
		for (const input of job.inputs) {
			const reason = failure(job, input);
			if (reason) {
				failed.push(input.filename);
				errors.push(`${input.filename}: ${reason}`);
				continue;
			}
			const stem = input.filename.replace(/\.[^./\\]*$/, '') || 'file';
			let filename = `${stem}.${ext}`;
			for (let n = 1; used.has(filename); n++) filename = `${stem}_${n}.${ext}`;
			used.add(filename);
			const url = `/media/results/${job.uuid}/${encodeURIComponent(filename)}`;
			if (!server.files.has(url)) output(job, url, input);
			files.push({ url, filename });
		}
		return { finished: true, queue_count: 0, files, failed, errors };
	}

	// Every API call carries the key (result files are served without it).
	const authorized = (ctx: RouteContext) => ctx.req.headers.authorization === opts.apiKey;
	async function refuseKey(ctx: RouteContext) {
		const refusal = state.keyRefusal ?? { status: 401, error: 'Invalid API key' };
		return await ctx.json(refusal.status, { error: refusal.error });
	}

	async function convert(ctx: RouteContext) {
		if (!authorized(ctx)) return await refuseKey(ctx);
		const fields = singleValues(ctx.req.fields);
		const convertTo = check.oneOf('convert_to', check.required('convert_to', fields.convert_to), [
			'image-backgroundremover',
			'video-backgroundremover',
		] as const)!;
		const inputs = ctx.req.files.filter((f) => INPUT_FIELD.test(f.field));
		if (inputs.length === 0)
			throw new ParamError('files', 'files is required: upload at least one file');
		const params = validateConvert(fields, convertTo);
		const bgImage = ctx.req.files.find((f) => f.field === 'bg_image');
		if (convertTo === 'image-backgroundremover' && params.bg_type === 'image' && !bgImage) {
			throw new ParamError('bg_image', 'bg_image file is required when bg_type is image');
		}
		const job: BraiJob = { uuid: randomUUID(), convertTo, params, inputs, bgImage, polls: 0 };
		state.jobs.set(job.uuid, job);
		for (const input of inputs) bump(state.uploadsByFilename, input.filename);
		await ctx.json(200, { uuid: job.uuid });
	}

	async function results(ctx: RouteContext) {
		if (!authorized(ctx)) return await refuseKey(ctx);
		const uuid = check.required('uuid', first(ctx.req.fields, 'uuid'));
		const job = state.jobs.get(uuid);
		if (!job) return await ctx.json(404, { error: `uuid not found: ${uuid}` });
		const { done } = advancePoll(job, pollsUntilDone);
		if (!done)
			return await ctx.json(200, {
				finished: false,
				queue_count: pollsUntilDone - job.polls + 1,
				files: [],
				failed: [],
				errors: [],
			});
		await ctx.json(200, finish(job));
	}

	const server = await startProviderFake(
		router({ 'POST /v1/convert/': convert, 'POST /v1/results/': results }),
		{
			state,
			apiPath: '/v1/',
			// the sandbox cuts out uploads (`media`); tests hash them, never keep them
			keepFileBytes: opts.media ? 15 * 1024 * 1024 : undefined,
			latencyMs: opts.latencyMs,
			errorBody: (_status, message) => ({ error: message }),
		},
	);
	return server;
}
