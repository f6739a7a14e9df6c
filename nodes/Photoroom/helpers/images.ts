import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readApiCredentials } from '../../shared/credentials';
import { headerValue } from '../../shared/http';
import type { ImageKind } from '../../shared/media';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, SANDBOX_KEY_PREFIX } from '../transport';

/** Input images both APIs take (HEIC, which only Remove Background takes, is not offered). */
export const INPUT_FORMATS = {
	segment: ['png', 'jpeg', 'webp'],
	edit: ['png', 'jpeg', 'webp'],
} satisfies Record<string, ImageKind[]>;

export const MAX_SEGMENT_BYTES = 50 * 1024 * 1024;
export const MAX_EDIT_BYTES = 30 * 1024 * 1024;

/** `x-uncertainty-score`: 0 (sure) to 1 (unsure) for objects, -1 when people are in the image. */
export function uncertaintyScore(headers: IDataObject): number | undefined {
	const value = Number(headerValue(headers, 'x-uncertainty-score'));
	return Number.isFinite(value) ? value : undefined;
}

/** A sandbox key: free calls, and every result carries Photoroom's watermark. */

/**
 * What a result's json says of a sandbox key: `sandbox: true, watermarked: true` (a live key adds
 * nothing), so a watermarked image is not mistaken for a deliverable one downstream.
 */
export async function sandboxFlags(ctx: IExecuteFunctions): Promise<IDataObject> {
	const credentials = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return credentials.keyStartsWith(SANDBOX_KEY_PREFIX) ? { sandbox: true, watermarked: true } : {};
}
