import type { IExecuteFunctions } from 'n8n-workflow';

import { apiError } from '../../shared/errors';
import type { ImageKind } from '../../shared/media';
import { IMAGE_MIME, jpegDimensions, pngDimensions, sniffImage } from '../../shared/media';
import type { ImageReply } from '../transport';
import { PROVIDER } from '../transport';

/** Input images both APIs take (HEIC, which only Remove Background takes, is not offered). */
export const INPUT_FORMATS = {
	segment: ['png', 'jpeg', 'webp'],
	edit: ['png', 'jpeg', 'webp'],
} satisfies Record<string, ImageKind[]>;

export const MAX_SEGMENT_BYTES = 50 * 1024 * 1024;
export const MAX_EDIT_BYTES = 30 * 1024 * 1024;

/** Whether an image's bytes run to its format's end marker (a reply cut short is not stored). */
function isComplete(bytes: Buffer, kind: ImageKind): boolean {
	if (kind === 'png') return bytes.subarray(-8, -4).toString('latin1') === 'IEND';
	if (kind === 'jpeg') return bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) >= bytes.length - 16;
	if (kind === 'webp') return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
	return true;
}

/** The result's real type (from its bytes) and, for PNG and JPEG, its size; anything else is an error. */
export function imageResult(ctx: IExecuteFunctions, reply: ImageReply, itemIndex: number) {
	const kind = sniffImage(reply.bytes);
	if (!kind || !isComplete(reply.bytes, kind))
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex,
			description: `${kind ? `The ${kind.toUpperCase()} image ends early` : 'Not an image'} (Content-Type: ${reply.contentType || 'none'}, ${reply.bytes.length} bytes).`,
		});
	const size = pngDimensions(reply.bytes) ?? jpegDimensions(reply.bytes);
	return { mimeType: IMAGE_MIME[kind], width: size?.width, height: size?.height };
}
