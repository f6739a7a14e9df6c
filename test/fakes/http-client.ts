/**
 * Plain HTTP calls to the fakes (undici), for the tests of the fakes themselves: JSON, forms and
 * downloads, and a sha256 helper.
 */
import { createHash } from 'node:crypto';
import { FormData, request } from 'undici';

export type Json = Record<string, unknown> & { data?: Record<string, unknown> | unknown };

export async function getJson(url: string, headers: Record<string, string> = {}) {
	const res = await request(url, { headers });
	return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Json };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, body: (await res.body.json()) as Json };
}

export async function postForm(url: string, form: FormData, headers: Record<string, string> = {}) {
	const res = await request(url, { method: 'POST', headers, body: form });
	return {
		status: res.statusCode,
		headers: res.headers,
		bytes: Buffer.from(await res.body.arrayBuffer()),
	};
}

export async function download(url: string): Promise<Buffer> {
	const res = await request(url);
	expect(res.statusCode).toBe(200);
	return Buffer.from(await res.body.arrayBuffer());
}

export function formWith(
	fields: Record<string, string>,
	files: Array<[string, Buffer, string]> = [],
): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	for (const [name, bytes, filename] of files) form.append(name, new Blob([bytes]), filename);
	return form;
}

export const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
