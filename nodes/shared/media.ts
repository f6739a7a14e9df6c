/** What we need to know about media files without decoding them. */
import { lastUrlSegment } from './naming';

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

/** Width and height from a JPEG's first frame header (SOF0–SOF15 but DHT, JPG, DAC), or undefined. */
export function jpegDimensions(jpeg: Buffer): { width: number; height: number } | undefined {
	if (sniffImage(jpeg) !== 'jpeg') return undefined;
	for (let at = 2; at + 9 < jpeg.length; ) {
		if (jpeg[at] !== 0xff) return undefined;
		const marker = jpeg[at + 1];
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
			return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
		at += 2 + jpeg.readUInt16BE(at + 2);
	}
	return undefined;
}

/**
 * Whether an image's bytes run to its format's end (PNG's IEND chunk, JPEG's EOI marker, the size
 * WebP's RIFF header announces): a reply cut short is not stored as a result. Other kinds pass.
 */
export function isCompleteImage(bytes: Buffer, kind: ImageKind): boolean {
	if (kind === 'png') return bytes.subarray(-8, -4).toString('latin1') === 'IEND';
	if (kind === 'jpeg') return bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) >= bytes.length - 16;
	if (kind === 'webp') return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
	return true;
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
	const last = lastUrlSegment(url);
	return /^[^/\\]+\.[A-Za-z0-9]{2,5}$/.test(last) ? last : undefined;
}

/** The extension of the file a URL names (lower case), when it names one. */
export function extensionFromUrl(url: string): string | undefined {
	return fileNameFromUrl(url)?.split('.').pop()?.toLowerCase();
}

export type VideoKind = 'mp4' | 'mov' | 'webm' | 'avi' | 'gif' | 'flv' | 'mpeg-ts' | 'mpeg' | 'wmv';

export const VIDEO_MIME: Record<VideoKind, string> = {
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

/** How `sniffVideo`'s kinds are named to users. */
export const VIDEO_ACCEPTED = 'MP4, MOV, WEBM/MKV, AVI, FLV, MPEG, WMV or GIF';

export type AudioKind = 'mp3' | 'wav' | 'm4a' | 'ogg' | 'flac' | 'aac';

/** Recognises the common audio formats by their first bytes. */
export function sniffAudio(head: Buffer): AudioKind | undefined {
	const ascii = (start: number, end: number) => head.toString('latin1', start, end);
	if (ascii(0, 3) === 'ID3') return 'mp3';
	if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
	if (head.length >= 12 && ascii(4, 8) === 'ftyp' && /^M4[AB] /.test(ascii(8, 12))) return 'm4a';
	if (ascii(0, 4) === 'OggS') return 'ogg';
	if (ascii(0, 4) === 'fLaC') return 'flac';
	// An ADTS AAC frame (layer 00) or an MPEG audio frame without ID3 tag.
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return 'aac';
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) return 'mp3';
	return undefined;
}

/** How `sniffAudio`'s kinds are named to users. */
export const AUDIO_ACCEPTED = 'MP3, WAV, M4A, OGG, FLAC or AAC';
