// Types for the parts of gifenc (dev-only, pure JavaScript) the sandbox uses.
declare module 'gifenc' {
	export type Palette = number[][];
	export function quantize(
		rgba: Uint8Array | Uint8ClampedArray,
		maxColors: number,
		options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' },
	): Palette;
	export function applyPalette(
		rgba: Uint8Array | Uint8ClampedArray,
		palette: Palette,
		format?: 'rgb565' | 'rgb444' | 'rgba4444',
	): Uint8Array;
	export interface Encoder {
		writeFrame(
			index: Uint8Array,
			width: number,
			height: number,
			opts?: { palette?: Palette; delay?: number; repeat?: number; transparent?: boolean },
		): void;
		finish(): void;
		bytes(): Uint8Array;
	}
	export function GIFEncoder(opts?: { auto?: boolean }): Encoder;
}
