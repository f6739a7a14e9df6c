/**
 * Real images of any size for the Photoroom fake: one colour, PNG (RGBA), baseline JPEG (YCbCr)
 * and lossless WebP (VP8L), each built directly in O(pixels) or better, so a 2000x2000 result costs
 * milliseconds. A DPI can be written (PNG `pHYs`, JFIF density) and a comment (PNG `tEXt`, JPEG
 * `COM`), which the fake uses to mark sandbox results. Also `imageSize`, the dimensions of a
 * PNG/JPEG/WebP from its first bytes.
 */
import * as jpeg from 'jpeg-js';

import { makePng, pngFile, sniff } from './media';

export type Rgba = [number, number, number, number];

/** An image's pixels: RGBA, 4 bytes a pixel, rows top to bottom. */
export interface Picture {
	width: number;
	height: number;
	data: Buffer;
}

export interface ImageMeta {
	dpi?: number;
	comment?: string;
}

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

/** The PNG with a `pHYs` chunk for `dpi` and a `tEXt` Comment right after its IHDR. */
function withPngMeta(png: Buffer, meta: ImageMeta): Buffer {
	const extra: Buffer[] = [];
	if (meta.dpi !== undefined) {
		const phys = Buffer.alloc(9);
		const perMetre = Math.round(meta.dpi / 0.0254);
		phys.writeUInt32BE(perMetre, 0);
		phys.writeUInt32BE(perMetre, 4);
		phys[8] = 1; // unit: metre
		extra.push(pngChunk('pHYs', phys));
	}
	if (meta.comment) extra.push(pngChunk('tEXt', Buffer.from(`Comment\0${meta.comment}`, 'latin1')));
	// signature (8) + IHDR (25): extra chunks go right after IHDR
	return extra.length ? Buffer.concat([png.subarray(0, 33), ...extra, png.subarray(33)]) : png;
}

/** A one-colour RGBA PNG, with a `pHYs` chunk for `dpi` and a `tEXt` Comment. */
export function solidPng(width: number, height: number, rgba: Rgba, meta: ImageMeta = {}): Buffer {
	return withPngMeta(makePng(width, height, rgba), meta);
}

/** Pixels (RGBA, 4 bytes a pixel) as a PNG, deflated by node's zlib; meta as `solidPng`. */
export function picturePng(img: Picture, meta: ImageMeta = {}): Buffer {
	const stride = img.width * 4;
	const raw = Buffer.alloc((stride + 1) * img.height);
	for (let y = 0; y < img.height; y++)
		img.data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
	return withPngMeta(pngFile(img.width, img.height, raw), meta);
}

/**
 * Pixels as a baseline JPEG (jpeg-js), flattened on white, with the JFIF density of `dpi` and a
 * `COM` comment.
 */
export function pictureJpeg(img: Picture, meta: ImageMeta = {}, quality = 85): Buffer {
	const flat = Buffer.alloc(img.data.length);
	for (let i = 0; i < flat.length; i += 4) {
		const a = img.data[i + 3] / 255;
		for (let c = 0; c < 3; c++) flat[i + c] = Math.round(img.data[i + c] * a + 255 * (1 - a));
		flat[i + 3] = 255;
	}
	const jpg = Buffer.from(
		jpeg.encode({ width: img.width, height: img.height, data: flat }, quality).data,
	);
	// jpeg-js writes SOI then a 16-byte APP0 JFIF: units at 13, densities at 14 and 16
	if (meta.dpi && jpg.readUInt16BE(2) === 0xffe0) {
		jpg[13] = 1;
		jpg.writeUInt16BE(Math.round(meta.dpi), 14);
		jpg.writeUInt16BE(Math.round(meta.dpi), 16);
	}
	if (!meta.comment) return jpg;
	const app0End = jpg.readUInt16BE(2) === 0xffe0 ? 4 + jpg.readUInt16BE(4) : 2;
	return Buffer.concat([
		jpg.subarray(0, app0End),
		segment(0xfe, Buffer.from(meta.comment, 'latin1')),
		jpg.subarray(app0End),
	]);
}

/** MSB-first bit writer with JPEG byte stuffing. */
class JpegBits {
	private readonly bytes: number[] = [];
	private acc = 0;
	private n = 0;

	write(code: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((code >>> i) & 1);
			if (++this.n === 8) {
				this.bytes.push(this.acc);
				if (this.acc === 0xff) this.bytes.push(0);
				this.acc = 0;
				this.n = 0;
			}
		}
	}

	finish(): Buffer {
		while (this.n !== 0) this.write(1, 1);
		return Buffer.from(this.bytes);
	}
}

function segment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

// The standard luminance DC table (ITU T.81 K.3): categories 0..11.
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES: Array<{ code: number; length: number }> = (() => {
	const codes: Array<{ code: number; length: number }> = [];
	let code = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < DC_COUNTS[length - 1]; i++) codes.push({ code: code++, length });
		code <<= 1;
	}
	return codes;
})();

/**
 * A one-colour baseline JPEG (3 components, no subsampling, quantisation 1, a JFIF density of
 * `dpi`, a `COM` comment). Alpha is ignored: the caller flattens it first.
 */
export function solidJpeg(width: number, height: number, rgba: Rgba, meta: ImageMeta = {}): Buffer {
	const [r, g, b] = rgba;
	const ycc = [
		0.299 * r + 0.587 * g + 0.114 * b,
		128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
		128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
	];
	const dc = ycc.map((v) => Math.max(-1024, Math.min(1016, Math.round(8 * (v - 128)))));
	const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, meta.dpi ? 1 : 0, 0, 1, 0, 1, 0, 0]);
	if (meta.dpi) {
		jfif.writeUInt16BE(Math.round(meta.dpi), 8);
		jfif.writeUInt16BE(Math.round(meta.dpi), 10);
	}
	const sof = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	const bits = new JpegBits();
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	for (let mcu = 0; mcu < blocks; mcu++) {
		for (let c = 0; c < 3; c++) {
			const diff = mcu === 0 ? dc[c] : 0;
			const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
			bits.write(DC_CODES[category].code, DC_CODES[category].length);
			if (category) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
			bits.write(0, 1); // AC: end of block
		}
	}
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, jfif),
		...(meta.comment ? [segment(0xfe, Buffer.from(meta.comment, 'latin1'))] : []),
		segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
		segment(0xc0, sof),
		segment(0xc4, Buffer.from([0x00, ...DC_COUNTS, ...Array.from({ length: 12 }, (_, i) => i)])),
		segment(0xc4, Buffer.from([0x10, 1, ...new Array<number>(15).fill(0), 0x00])),
		segment(0xda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])),
		bits.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}

/** LSB-first bit writer (WebP lossless). */
class LsbBits {
	private readonly bytes: number[] = [];
	private acc = 0;
	private n = 0;

	write(value: number, length: number): void {
		for (let i = 0; i < length; i++) {
			this.acc |= ((value >>> i) & 1) << this.n;
			if (++this.n === 8) {
				this.bytes.push(this.acc);
				this.acc = 0;
				this.n = 0;
			}
		}
	}

	finish(): Buffer {
		if (this.n) this.bytes.push(this.acc);
		return Buffer.from(this.bytes);
	}
}

/**
 * A one-colour lossless WebP (VP8L, up to 16384 px a side): every prefix code has a single symbol,
 * so each pixel takes zero bits.
 */
export function solidWebp(width: number, height: number, rgba: Rgba): Buffer {
	const bits = new LsbBits();
	bits.write(0x2f, 8); // signature
	bits.write(width - 1, 14);
	bits.write(height - 1, 14);
	bits.write(rgba[3] < 255 ? 1 : 0, 1); // alpha_is_used
	bits.write(0, 3); // version
	bits.write(0, 1); // no transform
	bits.write(0, 1); // no colour cache
	bits.write(0, 1); // no meta prefix codes
	// green, red, blue, alpha: a simple code with one 8-bit symbol
	for (const value of [rgba[1], rgba[0], rgba[2], rgba[3]]) {
		bits.write(1, 1); // simple code
		bits.write(0, 1); // one symbol
		bits.write(1, 1); // 8-bit symbol
		bits.write(value, 8);
	}
	// distance: a simple code with one 1-bit symbol (0)
	bits.write(1, 1);
	bits.write(0, 1);
	bits.write(0, 1);
	bits.write(0, 1);
	const vp8l = bits.finish();
	const chunk = Buffer.alloc(8);
	chunk.write('VP8L', 0, 'latin1');
	chunk.writeUInt32LE(vp8l.length, 4);
	const pad = vp8l.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'latin1');
	riff.writeUInt32LE(4 + 8 + vp8l.length + pad.length, 4);
	riff.write('WEBP', 8, 'latin1');
	return Buffer.concat([riff, chunk, vp8l, pad]);
}

/** Writes a canonical prefix code MSB first (VP8L reads a code's bits from its first). */
function writeCode(bits: LsbBits, code: number, length: number): void {
	for (let i = length - 1; i >= 0; i--) bits.write((code >>> i) & 1, 1);
}

/** Canonical codes for the green alphabet (280 symbols): 0..231 get 8 bits, 232..279 9 bits. */
const greenCode = (symbol: number) =>
	symbol < 232 ? { code: symbol, length: 8 } : { code: 464 + symbol - 232, length: 9 };

/**
 * A normal prefix code whose lengths are 8 for `symbols` symbols, 9 for the rest (`nine`):
 * the code-length code has two 1-bit symbols, 8 ("0") and 9 ("1").
 */
function writeLengths(bits: LsbBits, count: number, nine: (symbol: number) => boolean): void {
	bits.write(0, 1); // normal code
	bits.write(13 - 4, 4); // 13 code-length code lengths: up to symbol 9 in the order below
	// order 17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9
	for (let i = 0; i < 13; i++) bits.write(i === 11 || i === 12 ? 1 : 0, 3);
	bits.write(0, 1); // max_symbol: all
	for (let s = 0; s < count; s++) bits.write(nine(s) ? 1 : 0, 1);
}

/** LZ77 length (1..4096) as VP8L's prefix code and extra bits. */
function lengthPrefix(length: number): { code: number; extra: number; extraBits: number } {
	const v = length - 1;
	if (v < 4) return { code: v, extra: 0, extraBits: 0 };
	const h = 31 - Math.clz32(v);
	const second = (v >>> (h - 1)) & 1;
	return { code: 2 * h + second, extra: v & ((1 << (h - 1)) - 1), extraBits: h - 1 };
}

/**
 * A lossless WebP (VP8L) of real pixels: fixed 8/9-bit codes per channel, and backward references
 * to the pixel above or to the left for repeats, so flat areas cost almost nothing. Not small like
 * libwebp's output, but valid and quick enough for a few megapixels.
 */
export function webpLossless(img: Picture): Buffer {
	const { width, height, data } = img;
	const px = new Uint32Array(width * height);
	for (let i = 0; i < px.length; i++) px[i] = data.readUInt32LE(i * 4);
	let alpha = false;
	for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) alpha = true;
	const bits = new LsbBits();
	bits.write(0x2f, 8);
	bits.write(width - 1, 14);
	bits.write(height - 1, 14);
	bits.write(alpha ? 1 : 0, 1);
	bits.write(0, 3); // version
	bits.write(0, 1); // no transform
	bits.write(0, 1); // no colour cache
	bits.write(0, 1); // no meta prefix codes
	writeLengths(bits, 280, (s) => s >= 232); // green + lengths
	for (let c = 0; c < 3; c++) writeLengths(bits, 256, () => false); // red, blue, alpha
	// distance: simple code, symbols 0 (plane code 1: the pixel above) and 1 (2: the left pixel)
	bits.write(1, 1);
	bits.write(1, 1); // two symbols
	bits.write(0, 1); // first symbol in 1 bit
	bits.write(0, 1);
	bits.write(1, 8);
	const n = px.length;
	const run = (i: number, distance: number) => {
		let k = 0;
		while (i + k < n && k < 4096 && px[i + k] === px[i + k - distance]) k++;
		return k;
	};
	for (let i = 0; i < n; ) {
		const above = i >= width ? run(i, width) : 0;
		const left = i >= 1 ? run(i, 1) : 0;
		const best = Math.max(above, left);
		if (best >= 3) {
			const { code, extra, extraBits } = lengthPrefix(best);
			const g = greenCode(256 + code);
			writeCode(bits, g.code, g.length);
			if (extraBits) bits.write(extra, extraBits);
			bits.write(above >= left ? 0 : 1, 1); // distance symbol
			i += best;
			continue;
		}
		const o = i * 4;
		const g = greenCode(data[o + 1]);
		writeCode(bits, g.code, g.length);
		writeCode(bits, data[o], 8);
		writeCode(bits, data[o + 2], 8);
		writeCode(bits, data[o + 3], 8);
		i++;
	}
	const vp8l = bits.finish();
	const chunk = Buffer.alloc(8);
	chunk.write('VP8L', 0, 'latin1');
	chunk.writeUInt32LE(vp8l.length, 4);
	const pad = vp8l.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'latin1');
	riff.writeUInt32LE(4 + 8 + vp8l.length + pad.length, 4);
	riff.write('WEBP', 8, 'latin1');
	return Buffer.concat([riff, chunk, vp8l, pad]);
}

/**
 * An AVIF placeholder: the ISO-BMFF `ftyp` an AVIF file starts with and an empty `mdat`. Not
 * decodable (no AV1 encoder here); enough for sniffing by brand.
 */
export function avifPlaceholder(): Buffer {
	const ftyp = Buffer.concat([
		Buffer.from([0, 0, 0, 28]),
		Buffer.from('ftypavif', 'latin1'),
		Buffer.from([0, 0, 0, 0]),
		Buffer.from('avifmif1miaf', 'latin1'),
	]);
	return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat', 'latin1')]);
}

/** Whether the bytes start an ISO-BMFF file of one of these brands (`heic`, `avif`…). */
export function hasBrand(buf: Buffer, brands: readonly string[]): boolean {
	return (
		buf.length >= 12 &&
		buf.subarray(4, 8).toString('latin1') === 'ftyp' &&
		brands.includes(buf.subarray(8, 12).toString('latin1'))
	);
}

export const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];

/** Width and height of a PNG, JPEG or WebP from its first bytes; undefined when not found. */
export function imageSize(buf: Buffer): { width: number; height: number } | undefined {
	const kind = sniff(buf);
	if (kind === 'png' && buf.length >= 24)
		return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	if (kind === 'jpeg') {
		let i = 2;
		while (i + 9 <= buf.length && buf[i] === 0xff) {
			const marker = buf[i + 1];
			if (marker === 0xff) {
				i++;
				continue;
			}
			const sof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
			if (sof) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
			if ((marker >= 0xd0 && marker <= 0xd9) || marker === 0x01) i += 2;
			else i += 2 + buf.readUInt16BE(i + 2);
		}
		return undefined;
	}
	if (kind === 'webp' && buf.length >= 30) {
		const chunk = buf.subarray(12, 16).toString('latin1');
		if (chunk === 'VP8 ')
			return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
		if (chunk === 'VP8L') {
			const bits = buf.readUInt32LE(21);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		if (chunk === 'VP8X')
			return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
	}
	return undefined;
}
