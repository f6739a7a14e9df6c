/** The fake server framework's types (test/fakes/fake-server.ts re-exports every module of test/fakes/server/). */
import type { FaultQueue } from './fault-queue';
import type { FileStore } from './files';

export interface RecordedFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
	sha256: string;
	/** The first bytes of the file (at most 1 KB), for sniffing. */
	head: Buffer;
	/** The whole file, when the server keeps files of its size (`keepFileBytes`). */
	bytes?: Buffer;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Header names are lowercase; repeated headers are joined with ", ". */
	headers: Record<string, string>;
	/** Parsed JSON body (when the content type is JSON and it parses). */
	body?: unknown;
	/** Set when the content type is JSON but the body does not parse (or was too large). */
	jsonError?: string;
	/** Multipart text fields and urlencoded fields: name -> values in order. */
	fields: Record<string, string[]>;
	/** Multipart file parts (hashed, not kept). */
	files: RecordedFile[];
	/** Set when a multipart body did not end with a closing boundary. */
	multipartError?: string;
	bodySize: number;
	bodySha256: string;
	/** Which fault, if any, was applied to this request. */
	fault?: string;
	receivedAt: number;
	/** Requests in flight (arrived, not yet answered) when this one arrived, itself included. */
	inFlight?: number;
}

export type FaultKind =
	| { status: 429; retryAfter?: number; body?: unknown }
	| { status: 402 | 500 | 502 | 503 | 504; body?: unknown }
	| 'reset'
	| 'reset-mid-body'
	| { delayMs: number }
	| 'malformed-json'
	| 'truncated-json';

export interface Fault {
	match?: (req: RecordedRequest) => boolean;
	/** How many matching requests the fault applies to (default 1). */
	times?: number;
	kind: FaultKind;
}

export type FileSpec = (
	| { contentType: string; body: Buffer }
	| { contentType: string; size: number; generate: true; head?: Buffer }
) & {
	/** 404: reply Not Found; 'cut-short': announce the full length, close after half. */
	fault?: 404 | 'cut-short';
	/** How many GETs the file fault applies to (default: all). */
	faultTimes?: number;
};

export interface RouteContext {
	req: RecordedRequest;
	server: FakeServer;
	/** Whether a reply has been sent. */
	readonly replied: boolean;
	json(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
	send(
		status: number,
		body: Buffer,
		contentType: string,
		headers?: Record<string, string>,
	): Promise<void>;
}

export type Route = (ctx: RouteContext) => Promise<void> | void;

export interface FakeServerOptions {
	/** Fixed delay before every reply (also settable at runtime via `server.latencyMs`). */
	latencyMs?: number;
	/** Provider-shaped error body for injected status faults and unknown routes. */
	errorBody?: (status: number, message: string) => unknown;
	/** Provider-shaped reply for a thrown ParamError (default: 400 `{error: message}`). */
	onParamError?: (ctx: RouteContext, err: ParamError) => Promise<void> | void;
	/** Non-multipart bodies above this size are hashed but not parsed (default 64 MB). */
	maxBufferedBytes?: number;
	/** Uploaded files up to this size are kept whole in `RecordedFile.bytes` (default: none). */
	keepFileBytes?: number;
}

export interface FakeServer {
	/** e.g. `http://127.0.0.1:34567` (no trailing slash). */
	readonly baseUrl: string;
	readonly requests: RecordedRequest[];
	latencyMs: number;
	readonly faults: FaultQueue;
	readonly files: FileStore;
	/** Clears requests, faults, files and runs every `onReset` hook. */
	reset(): void;
	onReset(hook: () => void): void;
	close(): Promise<void>;
}

/** A validation failure a fake reports in its provider's own error shape. */
export class ParamError extends Error {
	constructor(
		readonly param: string,
		message: string,
		readonly status = 400,
		/** A provider-specific error code, when the fake wants one. */
		readonly code?: string,
	) {
		super(message);
	}
}
