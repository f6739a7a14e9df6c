/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, never shipped: it uses node:stream and process.memoryUsage */
/** The fakes' shared parts: media fixtures, the fake server framework, fault markers (each provider's fake: test/<provider>/fake.test.ts). */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { request } from 'undici';

import { generatedSha256, startFakeServer, type FakeServer } from './fakes/fake-server';
import { FAULT } from './fakes/faults';
import { getJson, postJson, postForm, download, formWith, sha256 } from './fakes/http-client';
import {
	makeBmp,
	makeGif,
	makeJpeg,
	makeMov,
	makeMp4,
	makePng,
	makeWebm,
	makeWebp,
	pngSize,
	sniff,
} from './fakes/media';
import { useFake } from './fakes/use-fake';

describe('media fixtures', () => {
	it('produce real, sniffable bytes', () => {
		expect(sniff(makePng(3, 2))).toBe('png');
		expect(pngSize(makePng(3, 2))).toEqual({ width: 3, height: 2 });
		expect(sniff(makeJpeg())).toBe('jpeg');
		expect(sniff(makeGif())).toBe('gif');
		expect(sniff(makeBmp())).toBe('bmp');
		expect(sniff(makeWebp())).toBe('webp');
		expect(sniff(makeMov())).toBe('mov');
		expect(sniff(makeMp4())).toBe('mp4');
		expect(sniff(makeWebm())).toBe('webm');
		expect(sniff(Buffer.from('hello world'))).toBe('unknown');
	});
});

describe('fake server framework', () => {
	const fake = useFake(
		async () =>
			await startFakeServer(async (ctx) => {
				if (ctx.req.path === '/echo')
					await ctx.json(200, { ok: true, fields: ctx.req.fields, body: ctx.req.body ?? null });
			}),
	);
	let server: FakeServer;
	beforeEach(() => (server = fake()));

	it('records JSON and urlencoded requests', async () => {
		await postJson(`${server.baseUrl}/echo?a=1&b=2&b=3`, { hello: 'world' }, { 'X-Custom': 'yes' });
		const res = await request(`${server.baseUrl}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'uuid=abc&x=1',
		});
		expect(await res.body.json()).toMatchObject({ fields: { uuid: ['abc'], x: ['1'] } });
		const [json] = server.requests;
		expect(json).toMatchObject({
			method: 'POST',
			path: '/echo',
			query: { a: '1', b: ['2', '3'] },
			body: { hello: 'world' },
		});
		expect(json.headers['x-custom']).toBe('yes');
	});

	it('parses multipart uploads as a stream, hashing files', async () => {
		const png = makePng(4, 4);
		await postForm(
			`${server.baseUrl}/echo`,
			formWith({ note: 'hi' }, [
				['files', png, 'a.png'],
				['files', makeJpeg(), 'b.jpg'],
			]),
		);
		const [req] = server.requests;
		expect(req.fields).toEqual({ note: ['hi'] });
		expect(req.files.map((f) => [f.field, f.filename, f.size])).toEqual([
			['files', 'a.png', png.length],
			['files', 'b.jpg', makeJpeg().length],
		]);
		expect(req.files[0].sha256).toBe(sha256(png));
		expect(sniff(req.files[0].head)).toBe('png');
	});

	it('streams a 50 MB multipart upload without buffering it', async () => {
		const size = 50 * 1024 * 1024;
		const chunk = Buffer.alloc(1024 * 1024, 7);
		const hash = createHash('sha256');
		for (let i = 0; i < 50; i++) hash.update(chunk);
		const boundary = 'XyZboundary123';
		async function* body() {
			yield Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
			);
			for (let i = 0; i < 50; i++) yield chunk;
			yield Buffer.from(`\r\n--${boundary}--\r\n`);
		}
		await request(`${server.baseUrl}/echo`, {
			method: 'POST',
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
			body: Readable.from(body()),
		});
		expect(server.requests[0].files[0]).toMatchObject({
			filename: 'big.bin',
			size,
			sha256: hash.digest('hex'),
		});
	});

	it('injects 429 with Retry-After, 5xx, and consumes faults', async () => {
		server.faults
			.add({ kind: { status: 429, retryAfter: 7 } })
			.add({ kind: { status: 503 }, match: (r) => r.path === '/echo' });
		const first = await getJson(`${server.baseUrl}/echo`);
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('7');
		expect((await getJson(`${server.baseUrl}/echo`)).status).toBe(503);
		expect((await getJson(`${server.baseUrl}/echo`)).status).toBe(200);
		expect(server.faults.remaining).toBe(0);
		expect(server.requests.map((r) => r.fault)).toEqual(['status-429', 'status-503', undefined]);
	});

	it('resets the connection, before or mid-body', async () => {
		server.faults.add({ kind: 'reset' });
		await expect(request(`${server.baseUrl}/echo`)).rejects.toThrow();
		server.faults.add({ kind: 'reset-mid-body' });
		const res = await request(`${server.baseUrl}/echo`);
		expect(res.statusCode).toBe(200);
		await expect(res.body.text()).rejects.toThrow();
	});

	it('serves malformed and truncated JSON, and delays', async () => {
		server.faults
			.add({ kind: 'malformed-json' })
			.add({ kind: 'truncated-json' })
			.add({ kind: { delayMs: 150 } });
		await expect((await request(`${server.baseUrl}/echo`)).body.json()).rejects.toThrow();
		const truncated = await (await request(`${server.baseUrl}/echo`)).body.text();
		expect(() => JSON.parse(truncated)).toThrow();
		expect(truncated.startsWith('{"ok":true')).toBe(true);
		const started = Date.now();
		await (await request(`${server.baseUrl}/echo`)).body.json();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('serves a generated 50 MB file without memory growth', async () => {
		const size = 50 * 1024 * 1024;
		const head = makeMp4();
		server.files.put('/big.mp4', { contentType: 'video/mp4', size, generate: true, head });
		const before = process.memoryUsage().rss;
		const res = await request(`${server.baseUrl}/big.mp4`);
		expect(res.headers['content-length']).toBe(String(size));
		const hash = createHash('sha256');
		let first: Buffer | undefined;
		for await (const chunk of res.body) {
			first ??= chunk as Buffer;
			hash.update(chunk as Buffer);
		}
		expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
		expect(sniff(first!)).toBe('mp4');
		expect(hash.digest('hex')).toBe(generatedSha256(size, head));
	});

	it('applies per-file faults: 404 and cut short', async () => {
		server.files.put('/gone.png', { contentType: 'image/png', body: makePng(1, 1), fault: 404 });
		expect((await request(`${server.baseUrl}/gone.png`)).statusCode).toBe(404);
		server.files.put('/cut.bin', {
			contentType: 'application/octet-stream',
			size: 1024 * 1024,
			generate: true,
			fault: 'cut-short',
			faultTimes: 1,
		});
		const cut = await request(`${server.baseUrl}/cut.bin`);
		expect(cut.headers['content-length']).toBe(String(1024 * 1024));
		await expect(cut.body.arrayBuffer()).rejects.toThrow();
		expect((await download(`${server.baseUrl}/cut.bin`)).length).toBe(1024 * 1024);
	});
});

describe('fault markers', () => {
	it('contain an underscore, which no hex token, UUID, item number or task ID the nodes generate contains', () => {
		for (const marker of Object.values(FAULT)) {
			expect(marker).toMatch(/^__[a-z-]+__$/);
			expect(`7afbad-0-${randomUUID()}`).not.toContain(marker);
		}
	});
});
