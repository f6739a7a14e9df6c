/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only code, never shipped */
/**
 * Small, real media fixtures for the fake provider servers and for tests that
 * must assert on real bytes (`sniff`).
 */
import { deflateSync } from 'node:zlib';

export type MediaKind =
	| 'png'
	| 'jpeg'
	| 'gif'
	| 'bmp'
	| 'mov'
	| 'mp4'
	| 'webm'
	| 'webp'
	| 'unknown';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(data: Buffer): number {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of raw scanlines (each row: a filter byte, then 4 bytes a pixel). */
export function pngFile(width: number, height: number, raw: Buffer, level?: number): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // colour type RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw, level === undefined ? {} : { level })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A valid square RGBA PNG of about `approxBytes` whose pixels do not compress, so an image of
 * "100 KB" really is 100 KB on the wire (benchmarks). Its IDAT is stored, not deflated.
 */
export function makeNoisePng(approxBytes: number): Buffer {
	const side = Math.max(2, Math.round(Math.sqrt(approxBytes / 4)));
	const raw = Buffer.alloc((side * 4 + 1) * side);
	for (let y = 0; y < side; y++) {
		const row = y * (side * 4 + 1);
		raw[row] = 0; // filter type none
		for (let i = 1; i <= side * 4; i++) raw[row + i] = Math.imul(row + i, 2654435761) >>> 24;
	}
	return pngFile(side, side, raw, 0);
}

/** A valid RGBA PNG (IHDR/IDAT/IEND with correct CRCs) filled with one colour. */
export function makePng(
	width: number,
	height: number,
	rgba: [number, number, number, number] = [0, 0, 0, 0],
): Buffer {
	const row = Buffer.alloc(1 + width * 4);
	for (let x = 0; x < width; x++) row.set(rgba, 1 + x * 4);
	const raw = Buffer.alloc(row.length * height);
	for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
	return pngFile(width, height, raw);
}

/** `#rrggbb` or `rrggbb` to an opaque RGBA tuple. */
export function hexToRgba(hex: string): [number, number, number, number] {
	const h = hex.replace(/^#/, '');
	return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(255) as [
		number,
		number,
		number,
		number,
	];
}

/** Width/height from a PNG's IHDR, or undefined if the buffer is not a PNG. */
export function pngSize(buf: Buffer): { width: number; height: number } | undefined {
	if (sniff(buf) !== 'png' || buf.length < 24) return undefined;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * A baseline 8x8 greyscale JPEG: one DC and one AC Huffman table with a single
 * 1-bit code each, one block whose coefficients are all zero (mid grey).
 */
// prettier-ignore
const JPEG = Buffer.from([
	0xff, 0xd8, // SOI
	0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1), // DQT
	0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, // SOF0 8x8, 1 comp
	0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...new Array<number>(15).fill(0), 0x00, // DHT DC0: one code -> category 0
	0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...new Array<number>(15).fill(0), 0x00, // DHT AC0: one code -> EOB
	0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, // SOS
	0x3f, // DC "0" + EOB "0", padded with 1s
	0xff, 0xd9, // EOI
]);

export function makeJpeg(): Buffer {
	return Buffer.from(JPEG);
}

/** A 1x1 GIF89a with a transparent pixel. */
export function makeGif(): Buffer {
	return Buffer.concat([
		Buffer.from('GIF89a', 'latin1'),
		Buffer.from([0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]), // 1x1, 2-colour global table
		Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff, 0xff]),
		Buffer.from([0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00]), // GCE, transparent index 0
		Buffer.from([0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), // image descriptor
		Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]), // LZW: clear, 0, end
		Buffer.from([0x3b]),
	]);
}

/** A 1x1 24-bit BMP. */
export function makeBmp(): Buffer {
	const buf = Buffer.alloc(58);
	buf.write('BM', 0, 'latin1');
	buf.writeUInt32LE(58, 2);
	buf.writeUInt32LE(54, 10);
	buf.writeUInt32LE(40, 14);
	buf.writeInt32LE(1, 18);
	buf.writeInt32LE(1, 22);
	buf.writeUInt16LE(1, 26);
	buf.writeUInt16LE(24, 28);
	buf.writeUInt32LE(4, 34);
	buf.set([0xff, 0xff, 0xff], 54);
	return buf;
}

/** A 1x1 lossless WebP (VP8L). */
export function makeWebp(): Buffer {
	return Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
}

function box(type: string, ...payload: Buffer[]): Buffer {
	const body = Buffer.concat(payload);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + body.length, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, body]);
}

function isoBmff(brand: string, compatible: string[]): Buffer {
	const ftyp = box(
		'ftyp',
		Buffer.from(brand, 'latin1'),
		Buffer.from([0, 0, 2, 0]),
		Buffer.from(compatible.join(''), 'latin1'),
	);
	const mvhd = Buffer.alloc(100);
	mvhd.writeUInt32BE(1000, 12); // timescale
	mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
	mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
	[0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) =>
		mvhd.writeUInt32BE(v, 36 + i * 4),
	);
	mvhd.writeUInt32BE(1, 96); // next track id
	return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat')]);
}

/** Minimal QuickTime movie: `ftyp qt  `, `moov/mvhd`, empty `mdat`. */
export function makeMov(): Buffer {
	return isoBmff('qt  ', ['qt  ']);
}

/** Minimal MP4: `ftyp isom`, `moov/mvhd`, empty `mdat`. */
export function makeMp4(): Buffer {
	return isoBmff('isom', ['isom', 'iso2', 'mp41']);
}

function ebml(id: number[], payload: Buffer): Buffer {
	if (payload.length > 126) throw new Error('ebml: payload too large for 1-byte size');
	return Buffer.concat([Buffer.from(id), Buffer.from([0x80 | payload.length]), payload]);
}

/** EBML header with DocType `webm` followed by an empty Segment. */
export function makeWebm(): Buffer {
	const u8 = (v: number) => Buffer.from([v]);
	const header = Buffer.concat([
		ebml([0x42, 0x86], u8(1)), // EBMLVersion
		ebml([0x42, 0xf7], u8(1)), // EBMLReadVersion
		ebml([0x42, 0xf2], u8(4)), // EBMLMaxIDLength
		ebml([0x42, 0xf3], u8(8)), // EBMLMaxSizeLength
		ebml([0x42, 0x82], Buffer.from('webm', 'latin1')), // DocType
		ebml([0x42, 0x87], u8(2)), // DocTypeVersion
		ebml([0x42, 0x85], u8(2)), // DocTypeReadVersion
	]);
	return Buffer.concat([
		ebml([0x1a, 0x45, 0xdf, 0xa3], header),
		ebml([0x18, 0x53, 0x80, 0x67], Buffer.alloc(0)),
	]);
}

/** Identify media by magic bytes. */
export function sniff(buf: Buffer): MediaKind {
	const ascii = (start: number, end: number) => buf.subarray(start, end).toString('latin1');
	if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) return 'png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
	if (ascii(0, 4) === 'GIF8') return 'gif';
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	if (buf.length >= 4 && buf.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
	if (ascii(4, 8) === 'ftyp') return ascii(8, 12) === 'qt  ' ? 'mov' : 'mp4';
	if (ascii(0, 2) === 'BM' && buf.length >= 26) return 'bmp';
	return 'unknown';
}

export const MIME_TYPES: Record<MediaKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	bmp: 'image/bmp',
	webp: 'image/webp',
	mov: 'video/quicktime',
	mp4: 'video/mp4',
	webm: 'video/webm',
	unknown: 'application/octet-stream',
};

/** Real bytes of a small fixture of the given kind (PNG: 16x16 transparent). */
export function makeMedia(kind: Exclude<MediaKind, 'unknown'>): Buffer {
	const makers: Record<Exclude<MediaKind, 'unknown'>, () => Buffer> = {
		png: () => makePng(16, 16),
		jpeg: makeJpeg,
		gif: makeGif,
		bmp: makeBmp,
		webp: makeWebp,
		mov: makeMov,
		mp4: makeMp4,
		webm: makeWebm,
	};
	return makers[kind]();
}

export const IMAGE_KINDS: readonly MediaKind[] = ['png', 'jpeg', 'webp', 'gif', 'bmp'];

/**
 * Decodes an image given as a data URI (`data:image/png;base64,...`) or raw base64.
 * Returns undefined when it is not valid base64 or does not decode to an image.
 */
export function decodeBase64Image(input: string): { kind: MediaKind; bytes: Buffer } | undefined {
	const match = /^data:([\w.+-]+\/[\w.+-]+)?;base64,(.*)$/s.exec(input);
	const payload = (match ? match[2] : input).replace(/\s+/g, '');
	if (!payload || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 === 1)
		return undefined;
	const bytes = Buffer.from(payload, 'base64');
	const kind = sniff(bytes);
	return IMAGE_KINDS.includes(kind) ? { kind, bytes } : undefined;
}
