import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { CheckedImage, InputBinary } from '../../shared/input';
import { checkInputImage, getInputBinary, readHead } from '../../shared/input';
import { stemOf } from '../../shared/naming';
import type { ImageKind } from '../../shared/media';

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

type VideoKind = 'mp4' | 'mov' | 'webm' | 'avi' | 'gif' | 'flv' | 'mpeg-ts' | 'mpeg' | 'wmv';

const VIDEO_MIME: Record<VideoKind, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	avi: 'video/x-msvideo',
	gif: 'image/gif',
	flv: 'video/x-flv',
	'mpeg-ts': 'video/mp2t',
	mpeg: 'video/mpeg',
	wmv: 'video/x-ms-wmv',
};

/** Recognises the common video containers (and animated GIF) by their first bytes. */
export function sniffVideo(head: Buffer): VideoKind | undefined {
	const ascii = (start: number, end: number) => head.toString('latin1', start, end);
	if (head.length >= 12 && ascii(4, 8) === 'ftyp') return ascii(8, 10) === 'qt' ? 'mov' : 'mp4';
	if (head.length >= 8 && ['moov', 'mdat', 'wide', 'free'].includes(ascii(4, 8))) return 'mov';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
	if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 11) === 'AVI') return 'avi';
	if (/^GIF8[79]a$/.test(ascii(0, 6))) return 'gif';
	if (ascii(0, 3) === 'FLV') return 'flv';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x000001ba) return 'mpeg';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x3026b275) return 'wmv';
	if (head.length > 188 && head[0] === 0x47 && head[188] === 0x47) return 'mpeg-ts';
	return undefined;
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
	const input = await getInputBinary(ctx, itemIndex, property, field);
	const kind = sniffVideo(await readHead(input, 256));
	if (!kind) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`"${input.fileName}" is not a recognised video (MP4, MOV, WEBM/MKV, AVI, FLV, MPEG, WMV or GIF; declared ${input.mimeType})`,
		);
	}
	// The user's extension is kept when it is plain (e.g. .mkv, which sniffs like WEBM).
	const own = /\.([A-Za-z0-9]{2,5})$/.exec(input.fileName)?.[1].toLowerCase();
	return { ...input, mimeType: VIDEO_MIME[kind], extension: own ?? VIDEO_EXTENSION[kind] };
}
