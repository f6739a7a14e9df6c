/** What we need to know about media files without decoding them. */

export type ImageKind = 'png' | 'jpeg' | 'webp' | 'bmp' | 'gif';

/** Recognises an image by its first bytes; the MIME type a user's file claims is not trusted. */
export function sniffImage(head: Buffer): ImageKind | undefined {
	if (
		head.length >= 8 &&
		head.readUInt32BE(0) === 0x89504e47 &&
		head.readUInt32BE(4) === 0x0d0a1a0a
	)
		return 'png';
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
	if (
		head.length >= 12 &&
		head.toString('ascii', 0, 4) === 'RIFF' &&
		head.toString('ascii', 8, 12) === 'WEBP'
	)
		return 'webp';
	if (head.length >= 2 && head.toString('ascii', 0, 2) === 'BM') return 'bmp';
	if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('ascii', 0, 6))) return 'gif';
	return undefined;
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngDimensions(png: Buffer): { width: number; height: number } | undefined {
	if (sniffImage(png) !== 'png' || png.length < 24 || png.toString('ascii', 12, 16) !== 'IHDR')
		return undefined;
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	bmp: 'image/bmp',
	gif: 'image/gif',
	mov: 'video/quicktime',
	mp4: 'video/mp4',
	webm: 'video/webm',
	zip: 'application/zip',
};

export const IMAGE_MIME: Record<ImageKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	bmp: 'image/bmp',
	gif: 'image/gif',
};

export function mimeForExtension(extension: string): string | undefined {
	return MIME_BY_EXTENSION[extension.toLowerCase()];
}

export function extensionForMime(mimeType: string): string | undefined {
	const base = mimeType.split(';')[0].trim().toLowerCase();
	if (base === 'image/jpeg') return 'jpg';
	return Object.keys(MIME_BY_EXTENSION).find((extension) => MIME_BY_EXTENSION[extension] === base);
}

/** The last path segment of a URL, when it looks like a file name. */
export function fileNameFromUrl(url: string): string | undefined {
	let pathname: string;
	try {
		pathname = new URL(url, 'http://relative.invalid').pathname;
	} catch {
		return undefined;
	}
	const last = decodeURIComponent(pathname.split('/').pop() ?? '');
	return /^[^/\\]+\.[A-Za-z0-9]{2,5}$/.test(last) ? last : undefined;
}
