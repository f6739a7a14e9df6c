/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only fake servers, never shipped: they need node:http and timers */
/** startFakeServer: the HTTP server that records, faults, serves files and routes. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FakeServer, FakeServerOptions, RecordedRequest, Route, RouteContext } from './types';
import { ParamError } from './types';
import { FaultQueue, describeFault } from './fault-queue';
import { FileStore, generatedChunks } from './files';
import { readRequest } from './requests';
import type { BodySource, Reply, ReplyMode } from './replies';
import { sleep, writeReply } from './replies';

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
