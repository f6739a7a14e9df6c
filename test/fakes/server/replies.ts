/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only fake servers, never shipped: they need node:http and timers */
/** Writing a reply, whole or broken the way a fault asks (reset mid-body, malformed or truncated JSON). */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type BodySource = Buffer | { length: number; chunks: () => Iterable<Buffer> };
export type ReplyMode = 'normal' | 'reset-mid-body' | 'malformed-json' | 'truncated-json';
export type Reply = (
	status: number,
	headers: Record<string, string>,
	body: BodySource,
	modeOverride?: ReplyMode,
) => Promise<void>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function* limited(chunks: Iterable<Buffer>, limit: number): Generator<Buffer> {
	let left = limit;
	for (const chunk of chunks) {
		if (left <= 0) return;
		const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
		left -= part.length;
		yield part;
	}
}

export async function writeReply(
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
