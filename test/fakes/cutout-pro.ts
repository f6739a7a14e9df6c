/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only fake, never shipped: a task finishes by a timer (notify) */
/**
 * Fake Cutout.pro API (`/api/v1/...`, header `APIKEY`).
 *
 * Protocol choices where the provider's documents are silent (our reading):
 * - Validation failures are HTTP 200 with `code` 1001 and a `msg` naming the parameter;
 *   an unknown task is `code` 1004.
 * - A video task whose `videoUrl` carries `FAULT.videoFails` (./faults.ts) ends, after the
 *   usual polls, as `code: 0, data: {status: "failed", failReason: "Video decode error"}`
 *   (the docs only name `processing|done`).
 * - A Photo Animer task whose `imageUrl` carries `FAULT.noFace` ends, after the usual polls,
 *   with `status: 2` and `failReason: "No face detected"`.
 * - `matting` output is an 800x600 PNG (500x375 with `preview=true`), filled with
 *   `bgcolor` when given, transparent otherwise.
 * - With `notify` (the sandbox of `npm run dev`), a video task (not a preview) or a Photo Animer
 *   task finishes `notify.afterMs` after its submission, and the fake POSTs the task-finished
 *   notification to each URL `notify.urls()` gives then, as JSON, exactly as documented:
 *   `{eventName: "EVENT_VIDEO_TASK_FINISHED", eventData: {taskFlag, resultUrl, status: "done"}}`
 *   or `{eventName: "EVENT_FACE_DRIVEN_TASK_FINISHED", eventData: {taskId, resultUrl}}` (plus
 *   `gifUrl` when asked for). Cutout.pro signs nothing: a Secret Token is part of the URL the
 *   account holds (`?token=…`), so it is part of what `urls()` returns. A failed task's
 *   notification (undocumented) carries the status endpoint's fields: `status: "failed"`
 *   (video) or `status: 2` (Photo Animer), `resultUrl: null` and `failReason`.
 * - With `fetchSignedInputs`, an input URL that is an n8n signed binary URL
 *   (`…/binary-data/signed?token=…`) is downloaded at submission, as the provider must fetch its
 *   inputs; a download that fails refuses the submission with `code` 1001 naming the parameter
 *   and n8n's answer. Other URLs are never fetched (the docs' example hosts do not exist).
 */
import { createHash, randomBytes } from 'node:crypto';

import {
	advancePoll,
	bump,
	check,
	first,
	ParamError,
	router,
	startProviderFake,
	type ProviderFake,
	type RecordedFile,
	type RouteContext,
} from './fake-server';
import { asksFor } from './faults';
import {
	hexToRgba,
	makeGif,
	makeJpeg,
	makeMov,
	makeMp4,
	makePng,
	makeWebm,
	MIME_TYPES,
	sniff,
} from './media';
import type { SandboxCutout } from './sandbox-images';
import type { SandboxMedia } from './sandbox-media';
import type { PaidWork } from './paid-work';

export interface FakeCutoutProOptions {
	apiKey: string;
	/** Status polls answered "processing" before a task is done (default 3). */
	pollsUntilDone?: number;
	/**
	 * What `mySubscription` reports (the official SDK's fields): credits left of the month's
	 * subscription, pay-as-you-go image credits, video seconds (defaults 40, 2.5, 300).
	 */
	balances?: { monthBalance?: number; imageBalance?: number; videoBalance?: number };
	/** When set, video results are generated bodies of this many bytes (real container header first). */
	videoResultBytes?: number;
	latencyMs?: number;
	/**
	 * Sandbox only (`npm run dev`): makes the matting result of an image URL from it (see
	 * sandbox-images.ts). Without it results are blank PNGs.
	 */
	cutout?: (input: { bytes?: Buffer; url?: string }) => SandboxCutout | undefined;
	/**
	 * Sandbox only (`npm run dev`): real media for the other results (sandbox-media.ts): a short
	 * clip for a video task, an animated GIF of the input and a clip for Photo Animer, the sample
	 * picture for preview frames. Without it results are minimal valid files.
	 */
	media?: SandboxMedia;
	/** Download inputs given as n8n signed binary URLs at submission (see the header). */
	fetchSignedInputs?: boolean;
	/** Tests only: changes a signed URL before it is fetched (a forged or expired token). */
	rewriteSignedUrl?: (url: string) => string;
	/**
	 * Sandbox only (`npm run dev`): the notification address of the account (see the header).
	 * `urls()` is asked when a task finishes; `onSent` hears of each notification sent.
	 */
	notify?: {
		urls: () => string[] | Promise<string[]>;
		/** Time from submission to the task's end and its notification (default 1000 ms). */
		afterMs?: number;
		onSent?: (notification: CutoutNotification) => void;
	};
}

/** A task-finished notification the fake POSTed (`notify`). */
export interface CutoutNotification {
	/** Where it went; empty when `notify.urls()` failed (`answer` says why). */
	url: string;
	body: { eventName: string; eventData: Record<string, unknown> };
	/** The HTTP status of the answer; 0 when there was none. */
	status: number;
	/** The start of the answer's body, or the error. */
	answer: string;
}

/** One download of an input URL from n8n (`fetchSignedInputs`). */
export interface CutoutInputFetch {
	param: string;
	url: string;
	status: number;
	contentType?: string;
	bytes: number;
	sha256: string;
	ms: number;
}

export interface CutoutVideoTask {
	taskFlag: string;
	kind: 'video' | 'preview';
	videoUrl: string;
	outputFormat: 'mov' | 'webm';
	polls: number;
	willFail: boolean;
	/** Finished by the clock (`notify`): done whatever the polls. */
	finished?: boolean;
}

export interface CutoutFaceTask {
	taskId: number;
	imageUrl: string;
	templateId: number;
	voiceUrl?: string;
	outputFormat?: 'gif';
	polls: number;
	willFail: boolean;
	/** Finished by the clock (`notify`): done whatever the polls. */
	finished?: boolean;
}

export interface CutoutMattingCall {
	endpoint: 'matting' | 'matting2' | 'mattingByUrl';
	mattingType: number;
	crop?: boolean;
	bgcolor?: string;
	preview?: boolean;
	file?: RecordedFile;
	url?: string;
}

export interface CutoutState {
	videoTasks: Map<string, CutoutVideoTask>;
	faceTasks: Map<number, CutoutFaceTask>;
	mattings: CutoutMattingCall[];
	/** Submissions (video and preview) per `videoUrl`. */
	videoSubmissions: Record<string, number>;
	/** Photo Animer submissions per `imageUrl`. */
	faceSubmissions: Record<string, number>;
	/** Inputs downloaded from n8n (`fetchSignedInputs`), in order. */
	inputFetches: CutoutInputFetch[];
	/** Task-finished notifications sent (`notify`), in order. */
	notifications: CutoutNotification[];
}

const SIGNED_URL = /\/binary-data\/signed\?token=/;

/** `apiUrl` is `${baseUrl}/api/v1/` (with the trailing slash). */
export type FakeCutoutPro = ProviderFake<CutoutState>;

const MATTING_TYPES = ['1', '2', '3', '6'] as const;
const MATTING_INPUTS = ['png', 'jpeg', 'webp', 'bmp'];
const PREVIEW_FRAMES = [1.2, 2.3, 3.4];

function envelope(code: number, data: unknown, msg: string | null) {
	return { code, data, msg, time: Date.now() };
}

/** Paid: a task or a matting (one unit per request). */
export const paidWork: PaidWork = {
	isPaid: (r) =>
		/\/(submitTaskByUrl|submitVideoImagePreviewTaskByUrl|matting|mattingByUrl)$/.test(r.path),
	units: () => 1,
};

export async function startFakeCutoutPro(opts: FakeCutoutProOptions): Promise<FakeCutoutPro> {
	const pollsUntilDone = opts.pollsUntilDone ?? 3;
	const state: CutoutState = {
		videoTasks: new Map(),
		faceTasks: new Map(),
		mattings: [],
		videoSubmissions: {},
		faceSubmissions: {},
		inputFetches: [],
		notifications: [],
	};
	let nextFaceId = 100001;
	const timers = new Set<NodeJS.Timeout>();

	/** POSTs a notification to every URL of the account's address (`notify`). */
	async function sendNotification(body: CutoutNotification['body']): Promise<void> {
		const record = (sent: CutoutNotification) => {
			state.notifications.push(sent);
			opts.notify?.onSent?.(sent);
		};
		let urls: string[];
		try {
			urls = (await opts.notify?.urls()) ?? [];
		} catch (error) {
			record({ url: '', body, status: 0, answer: (error as Error).message });
			return;
		}
		await Promise.all(
			urls.map(async (url) => {
				try {
					const res = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body),
						signal: AbortSignal.timeout(30_000),
					});
					record({ url, body, status: res.status, answer: (await res.text()).slice(0, 200) });
				} catch (error) {
					record({ url, body, status: 0, answer: (error as Error).message });
				}
			}),
		);
	}

	/** With `notify`: the task finishes `afterMs` after now, then its notification goes out. */
	function finishLater(
		task: { finished?: boolean },
		notification: () => CutoutNotification['body'],
	) {
		if (!opts.notify) return;
		const timer = setTimeout(() => {
			timers.delete(timer);
			task.finished = true;
			void sendNotification(notification());
		}, opts.notify.afterMs ?? 1000);
		timers.add(timer);
	}
	const pngCache = new Map<string, Buffer>();

	const ok = async (ctx: RouteContext, data: unknown) =>
		await ctx.json(200, envelope(0, data, null));
	const q = (ctx: RouteContext, name: string) => first(ctx.req.query, name);

	function resultPng(preview: boolean, bgcolor?: string): Buffer {
		const key = `${preview}:${bgcolor ?? ''}`;
		let png = pngCache.get(key);
		if (!png) {
			const rgba = bgcolor ? hexToRgba(bgcolor) : undefined;
			png = preview ? makePng(500, 375, rgba) : makePng(800, 600, rgba);
			pngCache.set(key, png);
		}
		return png;
	}

	/** Validates and records a matting call; returns the result PNG. */
	function matting(ctx: RouteContext, endpoint: CutoutMattingCall['endpoint']): Buffer {
		const call: CutoutMattingCall = {
			endpoint,
			mattingType: Number(
				check.oneOf(
					'mattingType',
					check.required('mattingType', q(ctx, 'mattingType')),
					MATTING_TYPES,
				),
			),
			crop: check.bool('crop', q(ctx, 'crop')),
			bgcolor: check.hexColor('bgcolor', q(ctx, 'bgcolor'), false),
			preview: check.bool('preview', q(ctx, 'preview')),
		};
		if (endpoint === 'mattingByUrl') {
			call.url = check.httpUrl('url', check.required('url', q(ctx, 'url')));
		} else {
			call.file = ctx.req.files.find((f) => f.field === 'file');
			if (!call.file) throw new ParamError('file', 'file is required (multipart field "file")');
			if (!MATTING_INPUTS.includes(sniff(call.file.head))) {
				throw new ParamError('file', 'file must be an image: png, jpg, jpeg, bmp or webp');
			}
		}
		state.mattings.push(call);
		// uploads are kept whole only in the sandbox (`cutout`); tests hash them
		const made = call.bgcolor
			? undefined
			: call.url
				? opts.cutout?.({ url: call.url })
				: call.file?.bytes
					? opts.cutout?.({ bytes: call.file.bytes })
					: undefined;
		return made?.png ?? resultPng(call.preview === true, call.bgcolor);
	}

	/** Downloads an input the way the provider must (only n8n signed URLs, when enabled). */
	async function fetchInput(param: string, url: string | undefined) {
		if (!opts.fetchSignedInputs || !url || !SIGNED_URL.test(url)) return;
		const target = opts.rewriteSignedUrl?.(url) ?? url;
		const started = Date.now();
		let status = 0;
		let body = Buffer.alloc(0);
		let contentType: string | undefined;
		try {
			const res = await fetch(target, { signal: AbortSignal.timeout(60_000) });
			status = res.status;
			contentType = res.headers.get('content-type') ?? undefined;
			body = Buffer.from(await res.arrayBuffer());
		} catch (error) {
			body = Buffer.from((error as Error).message);
		}
		state.inputFetches.push({
			param,
			url: target,
			status,
			contentType,
			bytes: status === 200 ? body.length : 0,
			sha256: createHash('sha256').update(body).digest('hex'),
			ms: Date.now() - started,
		});
		if (status !== 200) {
			const reason = body.toString('utf8').slice(0, 200).trim();
			throw new ParamError(
				param,
				`${param} could not be downloaded: ${status ? `HTTP ${status}` : 'no answer'}${reason ? ` (${reason})` : ''}`,
			);
		}
	}

	async function submitVideo(ctx: RouteContext, kind: CutoutVideoTask['kind']) {
		const videoUrl = check.httpUrl('videoUrl', check.required('videoUrl', q(ctx, 'videoUrl')))!;
		const outputFormat =
			kind === 'video'
				? (check.oneOf('outputFormat', q(ctx, 'outputFormat'), ['mov', 'webm'] as const) ?? 'mov')
				: 'mov';
		await fetchInput('videoUrl', videoUrl);
		const taskFlag = randomBytes(16).toString('hex');
		const task: CutoutVideoTask = {
			taskFlag,
			kind,
			videoUrl,
			outputFormat,
			polls: 0,
			willFail: asksFor(videoUrl, 'videoFails'),
		};
		state.videoTasks.set(taskFlag, task);
		bump(state.videoSubmissions, videoUrl);
		if (kind === 'video')
			finishLater(task, () => ({
				eventName: 'EVENT_VIDEO_TASK_FINISHED',
				eventData: task.willFail
					? { taskFlag, resultUrl: null, status: 'failed', failReason: 'Video decode error' }
					: { taskFlag, resultUrl: videoResult(task), status: 'done' },
			}));
		return { taskFlag };
	}

	function videoResult(task: CutoutVideoTask): string {
		const path = `/results/${task.taskFlag}.${task.outputFormat}`;
		const head = task.outputFormat === 'mov' ? makeMov() : makeWebm();
		const contentType = MIME_TYPES[task.outputFormat];
		if (opts.media)
			return server.files.put(path, { contentType, body: opts.media.clip(task.outputFormat) });
		return opts.videoResultBytes
			? server.files.put(path, { contentType, size: opts.videoResultBytes, generate: true, head })
			: server.files.put(path, { contentType, body: head });
	}

	function faceResult(task: CutoutFaceTask): { resultUrl: string; gifUrl?: string } {
		const resultUrl = server.files.put(`/results/face-${task.taskId}.mp4`, {
			contentType: 'video/mp4',
			body: opts.media?.clip('animation') ?? makeMp4(),
		});
		if (task.outputFormat !== 'gif') return { resultUrl };
		const gifUrl = server.files.put(`/results/face-${task.taskId}.gif`, {
			contentType: 'image/gif',
			body: opts.media?.animation({ url: task.imageUrl }) ?? makeGif(),
		});
		return { resultUrl, gifUrl };
	}

	function previewFrames(task: CutoutVideoTask) {
		const still = opts.media?.frame(task.videoUrl);
		return PREVIEW_FRAMES.map((time, i) => ({
			time,
			image: server.files.put(`/results/${task.taskFlag}/frame-${i}.jpg`, {
				contentType: 'image/jpeg',
				body: still?.jpg ?? makeJpeg(),
			}),
			matting: server.files.put(`/results/${task.taskFlag}/frame-${i}.png`, {
				contentType: 'image/png',
				body: still?.png ?? makePng(16, 9),
			}),
		}));
	}

	const api = router(
		{
			'GET /api/v1/video/submitTaskByUrl': async (ctx) =>
				await ok(ctx, await submitVideo(ctx, 'video')),
			'GET /api/v1/video/submitVideoImagePreviewTaskByUrl': async (ctx) =>
				await ok(ctx, await submitVideo(ctx, 'preview')),
			'GET /api/v1/video/getTaskInfo': async (ctx) => {
				const taskFlag = check.required('taskFlag', q(ctx, 'taskFlag'));
				const task = state.videoTasks.get(taskFlag);
				if (!task)
					return await ctx.json(200, envelope(1004, null, `taskFlag not found: ${taskFlag}`));
				const progress = advancePoll(task, pollsUntilDone);
				const done = progress.done || task.finished === true;
				const fraction = done ? 1 : progress.fraction;
				if (!done)
					return await ok(ctx, {
						taskFlag,
						status: 'processing',
						percentage: String(Math.floor(fraction * 99)),
					});
				if (task.willFail)
					return await ok(ctx, {
						taskFlag,
						status: 'failed',
						percentage: '100',
						resultUrl: null,
						failReason: 'Video decode error',
					});
				if (task.kind === 'preview')
					return await ok(ctx, {
						taskFlag,
						status: 'done',
						percentage: '100',
						previewImage: previewFrames(task),
					});
				await ok(ctx, {
					taskFlag,
					status: 'done',
					percentage: '100',
					resultUrl: videoResult(task),
				});
			},
			'GET /api/v1/faceDriven/submitTaskByUrl': async (ctx) => {
				const imageUrl = check.httpUrl('imageUrl', check.required('imageUrl', q(ctx, 'imageUrl')))!;
				const templateId = check.int(
					'templateId',
					check.required('templateId', q(ctx, 'templateId')),
					0,
					5,
				)!;
				const voiceUrl = check.httpUrl('voiceUrl', q(ctx, 'voiceUrl'));
				if (voiceUrl !== undefined && templateId !== 0)
					throw new ParamError('voiceUrl', 'voiceUrl is only allowed when templateId is 0');
				const outputFormat = check.oneOf('outputFormat', q(ctx, 'outputFormat'), ['gif'] as const);
				await fetchInput('imageUrl', imageUrl);
				await fetchInput('voiceUrl', voiceUrl);
				const taskId = nextFaceId++;
				const task: CutoutFaceTask = {
					taskId,
					imageUrl,
					templateId,
					voiceUrl,
					outputFormat,
					polls: 0,
					willFail: asksFor(imageUrl, 'noFace'),
				};
				state.faceTasks.set(taskId, task);
				bump(state.faceSubmissions, imageUrl);
				finishLater(task, () => ({
					eventName: 'EVENT_FACE_DRIVEN_TASK_FINISHED',
					eventData: task.willFail
						? { taskId, resultUrl: null, status: 2, failReason: 'No face detected' }
						: { taskId, ...faceResult(task) },
				}));
				await ok(ctx, taskId);
			},
			'GET /api/v1/faceDriven/getTaskInfo': async (ctx) => {
				const taskId = check.int('taskId', check.required('taskId', q(ctx, 'taskId')), 0)!;
				const task = state.faceTasks.get(taskId);
				if (!task) return await ctx.json(200, envelope(1004, null, `taskId not found: ${taskId}`));
				if (!advancePoll(task, pollsUntilDone).done && !task.finished)
					return await ok(ctx, { taskId, status: 0 });
				if (task.willFail)
					return await ok(ctx, { taskId, status: 2, failReason: 'No face detected' });
				await ok(ctx, { taskId, status: 1, ...faceResult(task) });
			},
			'POST /api/v1/matting': async (ctx) =>
				await ctx.send(200, matting(ctx, 'matting'), 'image/png'),
			'POST /api/v1/matting2': async (ctx) =>
				await ok(ctx, { imageBase64: matting(ctx, 'matting2').toString('base64') }),
			'GET /api/v1/mattingByUrl': async (ctx) =>
				await ok(ctx, { imageBase64: matting(ctx, 'mattingByUrl').toString('base64') }),
			'GET /api/v1/mySubscription': async (ctx) =>
				await ok(ctx, {
					monthBalance: 40,
					imageBalance: 2.5,
					videoBalance: 300,
					...opts.balances,
					monthStartDate: '2026-12-01 00:00:00',
					monthExpireDate: '2026-12-31 23:59:59',
				}),
		},
		async (ctx) => await ctx.json(405, envelope(405, null, `Method ${ctx.req.method} not allowed`)),
	);

	const server = await startProviderFake(
		async (ctx) => {
			if (!ctx.req.path.startsWith('/api/v1/')) return;
			if (ctx.req.headers.apikey !== opts.apiKey)
				return await ctx.json(401, envelope(401, null, 'Invalid APIKEY'));
			await api(ctx);
		},
		{
			state,
			apiPath: '/api/v1/',
			// the sandbox cuts out uploads (`cutout`); tests hash them, never keep them
			keepFileBytes: opts.cutout ? 15 * 1024 * 1024 : undefined,
			latencyMs: opts.latencyMs,
			errorBody: (status, message) => envelope(status, null, message),
			onParamError: async (ctx, err) => await ctx.json(200, envelope(1001, null, err.message)),
		},
	);
	const stopTimers = () => {
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
	};
	server.onReset(() => {
		state.inputFetches.length = 0;
		stopTimers();
	});
	const close = server.close.bind(server);
	server.close = async () => {
		stopTimers();
		await close();
	};
	return server;
}
