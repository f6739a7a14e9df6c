import type { IExecuteFunctions } from 'n8n-workflow';

import { apiError } from './errors';
import type { ImageKind } from './media';
import { IMAGE_MIME, isCompleteImage, jpegDimensions, pngDimensions, sniffImage } from './media';

export interface ImageResult {
	kind: ImageKind;
	mimeType: string;
	width?: number;
	height?: number;
}

/**
 * An image the provider answered with (its bytes, or base64 in its JSON): its real type (from its
 * bytes, whatever the reply claimed) and, for PNG and JPEG, its size. Bytes that are not an image,
 * or an image that ends early, are the contract's invalid reply: nothing is stored.
 */
export function checkImageResult(
	ctx: IExecuteFunctions,
	provider: string,
	bytes: Buffer,
	details: { itemIndex: number; contentType?: string; taskId?: string },
): ImageResult {
	const kind = sniffImage(bytes);
	if (!kind || !isCompleteImage(bytes, kind)) {
		const what = kind ? `The ${kind.toUpperCase()} image ends early` : 'Not an image';
		const type =
			details.contentType !== undefined ? `Content-Type: ${details.contentType || 'none'}, ` : '';
		throw apiError(ctx.getNode(), `${provider} sent a reply that is not a valid API response`, {
			itemIndex: details.itemIndex,
			taskId: details.taskId,
			description: `${what} (${type}${bytes.length} bytes).`,
		});
	}
	const size = pngDimensions(bytes) ?? jpegDimensions(bytes);
	return { kind, mimeType: IMAGE_MIME[kind], width: size?.width, height: size?.height };
}
