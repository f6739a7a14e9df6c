import type { IDataObject } from 'n8n-workflow';

import { headerValue } from '../../shared/http';
import type { ImageKind } from '../../shared/media';

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
