import type { IExecuteFunctions } from 'n8n-workflow';

import type { CheckedImage, InputBinary } from '../../shared/input';
import { checkInputFile, checkInputImage } from '../../shared/input';
import { stemOf } from '../../shared/naming';
import type { ImageKind, VideoKind } from '../../shared/media';
import { sniffVideo, VIDEO_ACCEPTED, VIDEO_MIME } from '../../shared/media';

/** A file name's stem made safe for a multipart header and the provider's file system. */
export function safeStem(fileName: string, fallback: string): string {
	const safe = stemOf(fileName)
		.replace(/[^A-Za-z0-9._-]+/g, '_')
		.replace(/^[._]+/, '')
		.slice(0, 60);
	return safe || fallback;
}

const IMAGE_EXTENSION: Record<ImageKind, string> = {
	png: 'png',
	jpeg: 'jpg',
	webp: 'webp',
	bmp: 'bmp',
	gif: 'gif',
};

export const IMAGE_KINDS: readonly ImageKind[] = ['png', 'jpeg', 'webp', 'bmp', 'gif'];

/** An image input ready to upload under a file name with the extension of its real format. */
export interface UploadImage extends CheckedImage {
	extension: string;
}

/** An image input, streamed later; its real format is checked from its first bytes now. */
export async function getCheckedImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: unknown,
	field: string,
): Promise<UploadImage> {
	const image = await checkInputImage(ctx, itemIndex, property, { allowed: IMAGE_KINDS, field });
	return { ...image, extension: IMAGE_EXTENSION[image.kind] };
}

const VIDEO_EXTENSION: Record<VideoKind, string> = {
	mp4: 'mp4',
	mov: 'mov',
	webm: 'webm',
	avi: 'avi',
	gif: 'gif',
	flv: 'flv',
	'mpeg-ts': 'ts',
	mpeg: 'mpg',
	wmv: 'wmv',
};

export interface CheckedVideo extends InputBinary {
	extension: string;
}

/** A video input, streamed later; checked from its first bytes now. */
export async function getCheckedVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: unknown,
	field: string,
): Promise<CheckedVideo> {
	const input = await checkInputFile(ctx, itemIndex, property, {
		field,
		sniff: sniffVideo,
		accepted: VIDEO_ACCEPTED,
		what: 'video',
	});
	const kind = input.kind;
	// The user's extension is kept when it is plain (e.g. .mkv, which sniffs like WEBM).
	const own = /\.([A-Za-z0-9]{2,5})$/.exec(input.fileName)?.[1].toLowerCase();
	return { ...input, mimeType: VIDEO_MIME[kind], extension: own ?? VIDEO_EXTENSION[kind] };
}
