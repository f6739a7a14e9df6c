/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only fake servers, never shipped: they need node:http and timers */
/**
 * A tiny framework for local fake provider servers used by tests.
 *
 * - Every request is recorded (`server.requests`) with its parsed body. Multipart
 *   uploads are parsed as a stream: file parts are hashed and counted, never kept,
 *   so a 1 GB upload costs no memory. Small text fields are kept.
 * - Faults (`server.faults.add`) are applied after the request body has been read
 *   and before routing.
 * - Result files (`server.files.put`) are served on GET/HEAD; generated bodies are
 *   streamed in 64 KB chunks without allocating the whole size.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// ---------------------------------------------------------------- types

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

// ---------------------------------------------------------------- faults

export class FaultQueue {
	private readonly pending: Array<{ fault: Fault; left: number }> = [];

	add(fault: Fault): this {
		this.pending.push({ fault, left: fault.times ?? 1 });
		return this;
	}

	clear(): void {
		this.pending.length = 0;
	}

	/** Faults not yet fully consumed. */
	get remaining(): number {
		return this.pending.reduce((n, p) => n + p.left, 0);
	}

	/** Finds and consumes one application of the first matching fault. */
	take(req: RecordedRequest): FaultKind | undefined {
		const entry = this.pending.find((p) => p.left > 0 && (p.fault.match?.(req) ?? true));
		if (!entry) return undefined;
		entry.left--;
		if (entry.left === 0) this.pending.splice(this.pending.indexOf(entry), 1);
		return entry.fault.kind;
	}
}

function describeFault(kind: FaultKind): string {
	if (typeof kind === 'string') return kind;
	return 'status' in kind ? `status-${kind.status}` : `delay-${kind.delayMs}`;
}

// ---------------------------------------------------------------- files

export const GENERATED_CHUNK_SIZE = 64 * 1024;
const PATTERN = Buffer.from(
	Array.from({ length: GENERATED_CHUNK_SIZE }, (_, i) => (i * 31 + 7) & 0xff),
);

/**
 * Deterministic chunks of a generated body of `size` bytes: a fixed pattern with
 * the chunk index stamped in its first 4 bytes, and `head` overlaid at offset 0.
 * Tests can hash the same generator to know the expected sha256.
 */
export function* generatedChunks(size: number, head?: Buffer): Generator<Buffer> {
	for (let offset = 0, index = 0; offset < size; offset += GENERATED_CHUNK_SIZE, index++) {
		const chunk = Buffer.allocUnsafe(Math.min(GENERATED_CHUNK_SIZE, size - offset));
		PATTERN.copy(chunk, 0, 0, chunk.length);
		if (chunk.length >= 4) chunk.writeUInt32BE(index, 0);
		if (head && offset < head.length)
			head.copy(chunk, 0, offset, Math.min(head.length, offset + chunk.length));
		yield chunk;
	}
}

export function generatedSha256(size: number, head?: Buffer): string {
	const hash = createHash('sha256');
	for (const chunk of generatedChunks(size, head)) hash.update(chunk);
	return hash.digest('hex');
}

export class FileStore {
	private readonly entries = new Map<string, FileSpec & { gets: number }>();

	constructor(private readonly base: () => string) {}

	/** Serves `path` (e.g. `/results/x.png`) and returns its absolute URL. */
	put(path: string, spec: FileSpec): string {
		this.entries.set(path, { ...spec, gets: 0 });
		return this.url(path);
	}

	url(path: string): string {
		return `${this.base()}${path}`;
	}

	get(path: string): (FileSpec & { gets: number }) | undefined {
		return this.entries.get(path);
	}

	has(path: string): boolean {
		return this.entries.has(path);
	}

	delete(path: string): void {
		this.entries.delete(path);
	}

	clear(): void {
		this.entries.clear();
	}

	paths(): string[] {
		return [...this.entries.keys()];
	}
}

// ---------------------------------------------------------------- request parsing

const FILE_HEAD_BYTES = 1024;
const MAX_FIELD_BYTES = 64 * 1024;

interface PartSink {
	data(chunk: Buffer): void;
	end(): void;
}

function headerParam(header: string, name: string): string | undefined {
	const m =
		new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
		new RegExp(`(?:^|;)\\s*${name}=([^;\\s]+)`, 'i').exec(header);
	return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

/** A streaming multipart/form-data parser: it keeps at most a delimiter's length of look-behind. */
class MultipartParser {
	private buf: Buffer = Buffer.from('\r\n');
	private state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
	private readonly delimiter: Buffer;
	private part?: PartSink;

	constructor(
		boundary: string,
		private readonly onPart: (headers: Record<string, string>) => PartSink,
	) {
		this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
	}

	get complete(): boolean {
		return this.state === 'done';
	}

	write(chunk: Buffer): void {
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		while (this.step()) {
			// keep stepping
		}
	}

	/** One state transition; false when more input is needed. */
	private step(): boolean {
		switch (this.state) {
			case 'preamble':
			case 'body': {
				const at = this.buf.indexOf(this.delimiter);
				if (at < 0) {
					const keep = Math.min(this.buf.length, this.delimiter.length - 1);
					this.part?.data(this.buf.subarray(0, this.buf.length - keep));
					this.buf = this.buf.subarray(this.buf.length - keep);
					return false;
				}
				this.part?.data(this.buf.subarray(0, at));
				this.part?.end();
				this.part = undefined;
				this.buf = this.buf.subarray(at + this.delimiter.length);
				this.state = 'after-delimiter';
				return true;
			}
			case 'after-delimiter': {
				if (this.buf.length < 2) return false;
				if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
					this.state = 'done';
					return true;
				}
				const eol = this.buf.indexOf('\r\n');
				if (eol < 0) return false;
				this.buf = this.buf.subarray(eol + 2);
				this.state = 'headers';
				return true;
			}
			case 'headers': {
				const empty = this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a;
				const end = empty ? 0 : this.buf.indexOf('\r\n\r\n');
				if (end < 0) {
					if (this.buf.length > 64 * 1024) throw new Error('multipart part headers too large');
					return false;
				}
				const headers: Record<string, string> = {};
				for (const line of this.buf.subarray(0, end).toString('utf8').split('\r\n')) {
					const colon = line.indexOf(':');
					if (colon > 0)
						headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
				}
				this.buf = this.buf.subarray(end + (empty ? 2 : 4));
				this.part = this.onPart(headers);
				this.state = 'body';
				return true;
			}
			default:
				this.buf = Buffer.alloc(0); // epilogue is ignored
				return false;
		}
	}
}

function multipartSink(
	rec: RecordedRequest,
	headers: Record<string, string>,
	keepFileBytes = 0,
): PartSink {
	const disposition = headers['content-disposition'] ?? '';
	const field = headerParam(disposition, 'name') ?? '';
	const filename = headerParam(disposition, 'filename');
	if (filename === undefined) {
		const chunks: Buffer[] = [];
		let kept = 0;
		return {
			data(chunk) {
				const take = chunk.subarray(0, Math.max(0, MAX_FIELD_BYTES - kept));
				kept += take.length;
				if (take.length) chunks.push(take);
			},
			end() {
				(rec.fields[field] ??= []).push(Buffer.concat(chunks).toString('utf8'));
			},
		};
	}
	const hash = createHash('sha256');
	const file: RecordedFile = {
		field,
		filename,
		contentType: headers['content-type'] ?? '',
		size: 0,
		sha256: '',
		head: Buffer.alloc(0),
	};
	const kept: Buffer[] = [];
	return {
		data(chunk) {
			hash.update(chunk);
			file.size += chunk.length;
			if (file.size <= keepFileBytes) kept.push(Buffer.from(chunk));
			if (file.head.length < FILE_HEAD_BYTES) {
				file.head = Buffer.concat([
					file.head,
					chunk.subarray(0, FILE_HEAD_BYTES - file.head.length),
				]);
			}
		},
		end() {
			file.sha256 = hash.digest('hex');
			if (keepFileBytes && file.size <= keepFileBytes) file.bytes = Buffer.concat(kept);
			rec.files.push(file);
		},
	};
}

function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		query[key] = all.length === 1 ? all[0] : all;
	}
	return query;
}

async function readRequest(
	raw: IncomingMessage,
	maxBuffered: number,
	keepFileBytes?: number,
): Promise<RecordedRequest> {
	const url = new URL(raw.url ?? '/', 'http://fake.invalid');
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw.headers)) {
		if (value !== undefined)
			headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	const rec: RecordedRequest = {
		method: raw.method ?? 'GET',
		path: url.pathname,
		query: parseQuery(url.searchParams),
		headers,
		fields: {},
		files: [],
		bodySize: 0,
		bodySha256: '',
		receivedAt: Date.now(),
	};
	const contentType = (headers['content-type'] ?? '').toLowerCase();
	const boundary = contentType.startsWith('multipart/')
		? headerParam(headers['content-type'], 'boundary')
		: undefined;
	const multipart = boundary
		? new MultipartParser(boundary, (h) => multipartSink(rec, h, keepFileBytes))
		: undefined;
	const hash = createHash('sha256');
	const buffered: Buffer[] = [];
	let overflow = false;

	for await (const chunk of raw as AsyncIterable<Buffer>) {
		hash.update(chunk);
		rec.bodySize += chunk.length;
		if (multipart) {
			multipart.write(chunk);
		} else if (rec.bodySize <= maxBuffered) {
			buffered.push(chunk);
		} else {
			overflow = true;
			buffered.length = 0;
		}
	}
	rec.bodySha256 = hash.digest('hex');
	if (multipart && !multipart.complete && rec.bodySize > 0)
		rec.multipartError = 'multipart body has no closing boundary';
	if (multipart) return rec;

	const text = Buffer.concat(buffered).toString('utf8');
	if (contentType.includes('json')) {
		if (overflow) rec.jsonError = `body larger than ${maxBuffered} bytes`;
		else {
			try {
				rec.body = JSON.parse(text);
			} catch (error) {
				rec.jsonError = (error as Error).message;
			}
		}
	} else if (contentType.startsWith('application/x-www-form-urlencoded')) {
		for (const [key, value] of new URLSearchParams(text)) (rec.fields[key] ??= []).push(value);
	}
	return rec;
}

// ---------------------------------------------------------------- replies

type BodySource = Buffer | { length: number; chunks: () => Iterable<Buffer> };
type ReplyMode = 'normal' | 'reset-mid-body' | 'malformed-json' | 'truncated-json';
type Reply = (
	status: number,
	headers: Record<string, string>,
	body: BodySource,
	modeOverride?: ReplyMode,
) => Promise<void>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function* limited(chunks: Iterable<Buffer>, limit: number): Generator<Buffer> {
	let left = limit;
	for (const chunk of chunks) {
		if (left <= 0) return;
		const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
		left -= part.length;
		yield part;
	}
}

async function writeReply(
	res: ServerResponse,
	method: string,
	status: number,
	headers: Record<string, string>,
	source: BodySource,
	mode: ReplyMode,
): Promise<void> {
	let body = source;
	if (mode === 'malformed-json') {
		body = Buffer.from('{"code":0,"data":{"status": done, \'oops\': [1,2,,]}', 'utf8');
		headers = { ...headers, 'content-type': 'application/json' };
		status = 200;
	}
	const total = body.length;
	const sendBytes =
		mode === 'truncated-json' || mode === 'reset-mid-body' ? Math.floor(total / 2) : total;
	res.writeHead(status, {
		...headers,
		'content-length': String(mode === 'truncated-json' ? sendBytes : total),
	});
	if (method === 'HEAD') {
		res.end();
		return;
	}
	const chunks = Buffer.isBuffer(body) ? [body] : body.chunks();
	try {
		await pipeline(Readable.from(limited(chunks, sendBytes), { objectMode: false }), res, {
			end: false,
		});
	} catch {
		return; // the client went away
	}
	if (mode === 'reset-mid-body') {
		await new Promise<void>((resolve) => res.write('', () => resolve()));
		res.socket?.destroy();
		return;
	}
	res.end();
}

// ---------------------------------------------------------------- server

function defaultErrorBody(status: number, message: string): unknown {
	return { error: message, status };
}

export async function startFakeServer(
	route: Route,
	opts: FakeServerOptions = {},
): Promise<FakeServer> {
	const errorBody = opts.errorBody ?? defaultErrorBody;
	const maxBuffered = opts.maxBufferedBytes ?? 64 * 1024 * 1024;
	const resetHooks: Array<() => void> = [];
	let baseUrl = '';
	const faults = new FaultQueue();
	const files = new FileStore(() => baseUrl);
	const requests: RecordedRequest[] = [];

	const fake: FakeServer = {
		get baseUrl() {
			return baseUrl;
		},
		requests,
		latencyMs: opts.latencyMs ?? 0,
		faults,
		files,
		reset() {
			requests.length = 0;
			faults.clear();
			files.clear();
			for (const hook of resetHooks) hook();
		},
		onReset(hook) {
			resetHooks.push(hook);
		},
		close: async () => {
			await new Promise<void>((resolve) => {
				http.close(() => resolve());
				http.closeAllConnections();
			});
		},
	};

	let inFlight = 0;
	async function handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
		const arrivedWith = ++inFlight;
		res.once('close', () => inFlight--);
		const req = await readRequest(raw, maxBuffered, opts.keepFileBytes);
		req.inFlight = arrivedWith;
		requests.push(req);
		if (fake.latencyMs > 0) await sleep(fake.latencyMs);

		let mode: ReplyMode = 'normal';
		const fault = faults.take(req);
		if (fault !== undefined) req.fault = describeFault(fault);
		let replied = false;
		const reply: Reply = async (status, headers, body, modeOverride) => {
			if (replied) throw new Error(`fake server: second reply to ${req.method} ${req.path}`);
			replied = true;
			await writeReply(res, req.method, status, headers, body, modeOverride ?? mode);
		};
		const ctx: RouteContext = {
			req,
			server: fake,
			get replied() {
				return replied;
			},
			json: async (status, body, headers = {}) =>
				await reply(
					status,
					{ 'content-type': 'application/json', ...headers },
					Buffer.from(JSON.stringify(body), 'utf8'),
				),
			send: async (status, body, contentType, headers = {}) =>
				await reply(status, { 'content-type': contentType, ...headers }, body),
		};

		if (fault === 'reset') {
			res.socket?.destroy();
			return;
		}
		if (typeof fault === 'string') mode = fault;
		else if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
		else if (fault) {
			const retry: Record<string, string> =
				'retryAfter' in fault && fault.retryAfter !== undefined
					? { 'retry-after': String(fault.retryAfter) }
					: {};
			const body =
				fault.body ??
				errorBody(
					fault.status,
					fault.status === 429
						? 'Too Many Requests'
						: fault.status === 402
							? 'Injected payment refusal'
							: 'Injected server error',
				);
			if (typeof body === 'string')
				await ctx.send(fault.status, Buffer.from(body), 'text/plain; charset=utf-8', retry);
			else await ctx.json(fault.status, body, retry);
			return;
		}

		if ((req.method === 'GET' || req.method === 'HEAD') && files.has(req.path)) {
			await serveFile(ctx, reply);
			return;
		}
		const failure = await Promise.resolve()
			.then(async () => await route(ctx))
			.then(
				() => undefined,
				(error: Error) => error,
			);
		if (failure && ctx.replied) res.destroy(failure);
		else if (failure instanceof ParamError) {
			await (opts.onParamError
				? opts.onParamError(ctx, failure)
				: ctx.json(failure.status, { error: failure.message }));
		} else if (failure)
			await ctx.json(500, errorBody(500, `fake server error: ${failure.message}`));
		if (!ctx.replied) await ctx.json(404, errorBody(404, `Not Found: ${req.method} ${req.path}`));
	}

	async function serveFile(ctx: RouteContext, reply: Reply) {
		const file = files.get(ctx.req.path)!;
		file.gets++;
		const faulty = file.fault !== undefined && file.gets <= (file.faultTimes ?? Infinity);
		if (faulty && file.fault === 404) {
			await ctx.send(404, Buffer.from('Not Found'), 'text/plain');
			return;
		}
		const source: BodySource =
			'body' in file
				? file.body
				: { length: file.size, chunks: () => generatedChunks(file.size, file.head) };
		const cut = faulty && file.fault === 'cut-short';
		if (cut) ctx.req.fault = 'file-cut-short';
		await reply(
			200,
			{ 'content-type': file.contentType },
			source,
			cut ? 'reset-mid-body' : undefined,
		);
	}

	const http = createServer((raw, res) => {
		handle(raw, res).catch((error: Error) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(`fake server crashed: ${error.message}`);
			} else res.destroy(error);
		});
	});
	http.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	return fake;
}

// ---------------------------------------------------------------- provider fakes

/** A fake provider: the server, its in-memory state (for assertions) and its API base URL. */
export interface ProviderFake<S> extends FakeServer {
	state: S;
	/** The URL a client uses as the provider's API base (`baseUrl` + the API path). */
	apiUrl: string;
}

/**
 * Empties a state object in place (so references held by tests stay valid): Maps,
 * Sets and arrays are emptied, numbers become 0, plain objects lose all their keys.
 */
export function clearState(state: object): void {
	const record = state as Record<string, unknown>;
	for (const [key, value] of Object.entries(record)) {
		if (value instanceof Map || value instanceof Set) value.clear();
		else if (Array.isArray(value)) value.length = 0;
		else if (typeof value === 'number') record[key] = 0;
		else if (value && typeof value === 'object')
			for (const inner of Object.keys(value)) delete (value as Record<string, unknown>)[inner];
	}
}

/** Starts a fake server whose `reset()` also clears `state` (see `clearState`). */
export async function startProviderFake<S extends object>(
	route: Route,
	opts: FakeServerOptions & { state: S; apiPath: string },
): Promise<ProviderFake<S>> {
	const server = (await startFakeServer(route, opts)) as ProviderFake<S>;
	server.state = opts.state;
	server.apiUrl = `${server.baseUrl}${opts.apiPath}`;
	server.onReset(() => clearState(opts.state));
	return server;
}

// ---------------------------------------------------------------- routing & validation helpers

/**
 * Dispatch on `"METHOD /path"` keys. A path that exists under another method gets
 * `onWrongMethod` (default: 405 JSON).
 */
export function router(table: Record<string, Route>, onWrongMethod?: Route): Route {
	return async (ctx) => {
		const handler = table[`${ctx.req.method} ${ctx.req.path}`];
		if (handler) return await handler(ctx);
		if (Object.keys(table).some((key) => key.endsWith(` ${ctx.req.path}`))) {
			if (onWrongMethod) return await onWrongMethod(ctx);
			await ctx.json(405, { error: 'Method Not Allowed' });
		}
	};
}

/** A single string value from a query or form field map (first value if repeated). */
export function first(map: Record<string, string | string[]>, name: string): string | undefined {
	const value = map[name];
	return Array.isArray(value) ? value[0] : value;
}

/** First value of every entry of a query or form field map. */
export function singleValues(map: Record<string, string | string[]>): Record<string, string> {
	return Object.fromEntries(Object.keys(map).map((key) => [key, first(map, key)!]));
}

/** Increments a per-key counter. */
export function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** Runs a validation; a thrown ParamError is returned instead (anything else propagates). */
export function attempt<T>(
	validate: () => T,
): { value: T; error?: undefined } | { value?: undefined; error: ParamError } {
	let caught: unknown;
	try {
		return { value: validate() };
	} catch (error) {
		caught = error;
	}
	if (caught instanceof ParamError) return { error: caught };
	throw caught;
}

/** Validators that throw `ParamError` naming the parameter. `undefined` passes unless required. */
export const check = {
	required(name: string, value: string | undefined): string {
		if (value === undefined || value === '') throw new ParamError(name, `${name} is required`);
		return value;
	},
	httpUrl(name: string, value: string | undefined): string | undefined {
		if (value === undefined) return undefined;
		let ok = false;
		try {
			ok = ['http:', 'https:'].includes(new URL(value).protocol);
		} catch {
			ok = false;
		}
		if (!ok) throw new ParamError(name, `${name} must be an http(s) URL`);
		return value;
	},
	oneOf<T extends string>(
		name: string,
		value: string | undefined,
		allowed: readonly T[],
	): T | undefined {
		if (value === undefined) return undefined;
		if (!(allowed as readonly string[]).includes(value))
			throw new ParamError(name, `${name} must be one of ${allowed.join(', ')}`);
		return value as T;
	},
	bool(name: string, value: string | boolean | undefined): boolean | undefined {
		if (value === undefined || typeof value === 'boolean') return value;
		if (value !== 'true' && value !== 'false')
			throw new ParamError(name, `${name} must be true or false`);
		return value === 'true';
	},
	/** An integer given as a JSON number or (from forms and queries) a decimal string. */
	int(
		name: string,
		value: unknown,
		min: number,
		max = Number.MAX_SAFE_INTEGER,
	): number | undefined {
		if (value === undefined) return undefined;
		const n =
			typeof value === 'number'
				? value
				: typeof value === 'string' && /^-?\d+$/.test(value)
					? Number(value)
					: NaN;
		if (!Number.isInteger(n) || n < min || n > max) {
			const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
			throw new ParamError(name, `${name} must be an integer ${range}`);
		}
		return n;
	},
	/** For JSON bodies: the value, when present, must have this JSON type. */
	type<T>(
		name: string,
		value: unknown,
		type: 'number' | 'boolean' | 'string' | 'object' | 'array',
	): T | undefined {
		if (value === undefined) return undefined;
		const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
		if (actual !== type)
			throw new ParamError(
				name,
				`${name} must be a${type === 'array' || type === 'object' ? 'n' : ''} ${type}`,
			);
		return value as T;
	},
	hexColor(name: string, value: string | undefined, withHash: boolean): string | undefined {
		if (value === undefined) return undefined;
		const pattern = withHash ? /^#[0-9a-fA-F]{6}$/ : /^[0-9a-fA-F]{6}$/;
		if (!pattern.test(value))
			throw new ParamError(
				name,
				`${name} must be a hex colour like ${withHash ? '#ffffff' : 'FFFFFF'}`,
			);
		return value;
	},
};

/**
 * Polling progress for async tasks: call once per status poll. Returns the
 * number of polls so far and whether the task has finished.
 */
export function advancePoll(
	task: { polls: number },
	pollsUntilDone: number,
): { done: boolean; fraction: number } {
	task.polls++;
	const done = task.polls > pollsUntilDone;
	return { done, fraction: done ? 1 : (task.polls - 1) / Math.max(1, pollsUntilDone) };
}
