/** The Photoroom fake's options, state and recorded calls (./photoroom.ts). */
import type { Picture } from './photoroom-images';

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
