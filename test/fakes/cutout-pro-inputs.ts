/**
 * The Cutout.pro fake's downloads of its inputs (./cutout-pro.ts).
 *
 * With `fetchSignedInputs`, an input URL that is an n8n signed binary URL
 *   (`…/binary-data/signed?token=…`) is downloaded at submission, as the provider must fetch its
 *   inputs; a download that fails refuses the submission with `code` 1001 naming the parameter
 *   and n8n's answer. Other URLs are never fetched (the docs' example hosts do not exist).
 */
import { createHash } from 'node:crypto';

import { ParamError } from './fake-server';

const SIGNED_URL = /\/binary-data\/signed\?token=/;

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

/** Downloads an input the way the provider must (only n8n signed URLs, when enabled). */
export async function fetchSignedInput(
	opts: { fetchSignedInputs?: boolean; rewriteSignedUrl?: (url: string) => string },
	fetches: CutoutInputFetch[],
	param: string,
	url: string | undefined,
) {
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
	fetches.push({
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
