import { createHash, timingSafeEqual } from 'crypto';
import { z } from 'zod';

export const EVENTS = {
	video: 'EVENT_VIDEO_TASK_FINISHED',
	faceDriven: 'EVENT_FACE_DRIVEN_TASK_FINISHED',
} as const;

export type CutoutEvent = (typeof EVENTS)[keyof typeof EVENTS];

/** The events in words, for the panel and the canvas. */
export const EVENT_NAMES: Record<CutoutEvent, string> = {
	[EVENTS.video]: 'Video Task Finished',
	[EVENTS.faceDriven]: 'Photo Animer Task Finished',
};

/** Notifications are tiny; anything larger is not from Cutout.pro. */
/**
 * The Secret Token of examples/video-finished-trigger.json: public, so the trigger will not be
 * published or listen with it (npm run dev gives its copy of the example a random one).
 */
export const EXAMPLE_TOKEN = 'REPLACE-ME-with-your-own-long-random-token';

export const MAX_NOTIFICATION_BYTES = 64 * 1024;

const eventDataSchema = z
	.object({
		taskFlag: z.string().min(1).optional(),
		taskId: z.union([z.number(), z.string().min(1)]).optional(),
		resultUrl: z.string().nullable().optional(),
		gifUrl: z.string().nullable().optional(),
		status: z.union([z.string(), z.number()]).nullable().optional(),
	})
	.passthrough();

const notificationSchema = z.object({
	eventName: z.enum([EVENTS.video, EVENTS.faceDriven]),
	eventData: eventDataSchema,
});

export interface Notification {
	event: CutoutEvent;
	taskId: string;
	resultUrl?: string;
	status?: string | number;
	eventData: Record<string, unknown>;
}

export type Verdict =
	| { ok: true; notification: Notification }
	| { ok: false; status: number; message: string };

/** Compares secrets in constant time; hashing first hides the expected length too. */
export function tokensMatch(expected: string, provided: unknown): boolean {
	if (typeof provided !== 'string') return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(expected), digest(provided));
}

/** The body's size in bytes, measured without decoding it. */
function bodyBytes(body: unknown): number {
	if (Buffer.isBuffer(body)) return body.length;
	if (typeof body === 'string') return Buffer.byteLength(body);
	return Buffer.byteLength(JSON.stringify(body) ?? '');
}

/**
 * Decides whether a POST is a genuine, well-formed notification; every rejection is a 4xx. The
 * size is checked first, before the node reads the JSON or hashes the token (n8n's web server has
 * already received and parsed the body, up to N8N_PAYLOAD_SIZE_MAX, 16 MB by default).
 */
export function checkNotification(request: {
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
	/** The raw body (bytes), or the parsed body when n8n kept no raw one. */
	body: unknown;
	secret: string;
}): Verdict {
	// Content-Length is absent on chunked requests, so the body itself is measured too.
	const declared = Number(request.headers['content-length']);
	if (
		(Number.isFinite(declared) && declared > MAX_NOTIFICATION_BYTES) ||
		bodyBytes(request.body) > MAX_NOTIFICATION_BYTES
	) {
		return { ok: false, status: 413, message: 'Notification too large' };
	}
	if (request.secret && !tokensMatch(request.secret, request.query.token)) {
		return { ok: false, status: 401, message: 'Missing or wrong token' };
	}
	const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
	if (!/^application\/([\w.+-]+\+)?json\b/.test(contentType)) {
		return {
			ok: false,
			status: 415,
			message: 'Expected a JSON body (Content-Type: application/json)',
		};
	}
	let body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : request.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return { ok: false, status: 400, message: 'Malformed JSON' };
		}
	}
	const parsed = notificationSchema.safeParse(body);
	if (!parsed.success) {
		const unknownEvent = parsed.error.issues.some((issue) => issue.path[0] === 'eventName');
		return {
			ok: false,
			status: 400,
			message: unknownEvent
				? 'Unknown or missing eventName'
				: 'Malformed notification: eventData is missing or invalid',
		};
	}
	const { eventName, eventData } = parsed.data;
	const taskId = eventName === EVENTS.video ? eventData.taskFlag : eventData.taskId;
	if (taskId === undefined) {
		return {
			ok: false,
			status: 400,
			message: `Malformed notification: eventData.${eventName === EVENTS.video ? 'taskFlag' : 'taskId'} is missing`,
		};
	}
	return {
		ok: true,
		notification: {
			event: eventName,
			taskId: String(taskId),
			resultUrl: eventData.gifUrl || eventData.resultUrl || undefined,
			status: eventData.status ?? undefined,
			eventData,
		},
	};
}
