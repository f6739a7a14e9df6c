/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only fake servers, never shipped: they need node:http and timers */
/** Reading a request into a RecordedRequest: multipart parsed as a stream (files hashed, never kept), JSON and urlencoded bodies parsed. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { RecordedFile, RecordedRequest } from './types';

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

export async function readRequest(
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
