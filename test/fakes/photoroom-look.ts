/**
 * The Photoroom stand-in's picture layout in the sandbox of `npm run dev` (./photoroom-render.ts
 * draws with it): the input's product (sandbox-images.ts's cut-out) placed on the requested
 * background, at the requested size, with padding, margin and alignment roughly honoured.
 */
import { removeNearWhite, type Rgba } from './sandbox-images';
import { blank, crop, drawScaled, subjectBounds, type Colour } from './sandbox-media';

/** A Photoroom padding or margin value: a ratio (0.1, "10%") or pixels ("50px"). */
function spacing(value: string | undefined, size: number): number {
	if (value === undefined) return 0;
	const px = /^(\d+)px$/.exec(value.trim());
	if (px) return Number(px[1]);
	const pct = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
	const ratio = pct ? Number(pct[1]) / 100 : Number(value);
	return Number.isFinite(ratio) ? ratio * size : 0;
}

export interface PhotoroomLayout {
	width: number;
	height: number;
	/** The background (transparent when alpha is 0). */
	fill: Colour;
	/** false: the whole picture is kept (no cut-out). */
	removeBackground: boolean;
	/** The request's values: padding*, margin*, horizontalAlignment, verticalAlignment, scaling. */
	values: Record<string, string>;
}

/**
 * The picture as Photoroom would place it: the subject (or, without background removal, the
 * whole picture) fitted into the output minus margins and padding, aligned as asked, over the
 * fill.
 */
export function photoroomLook(picture: Rgba, layout: PhotoroomLayout): Rgba {
	const { width, height, values: v } = layout;
	const out = blank(width, height, layout.fill);
	const subject = layout.removeBackground
		? (() => {
				const cut = removeNearWhite(picture);
				return crop(cut, subjectBounds(cut));
			})()
		: picture;
	const side = (
		kind: 'margin' | 'padding',
		name: 'Left' | 'Right' | 'Top' | 'Bottom',
		size: number,
	) => spacing(v[`${kind}${name}`] ?? v[kind], size);
	const m = {
		l: side('margin', 'Left', width),
		r: side('margin', 'Right', width),
		t: side('margin', 'Top', height),
		b: side('margin', 'Bottom', height),
	};
	const cw = Math.max(1, width - m.l - m.r);
	const ch = Math.max(1, height - m.t - m.b);
	const p = {
		l: side('padding', 'Left', cw),
		r: side('padding', 'Right', cw),
		t: side('padding', 'Top', ch),
		b: side('padding', 'Bottom', ch),
	};
	const box = {
		x: m.l + p.l,
		y: m.t + p.t,
		w: Math.max(1, cw - p.l - p.r),
		h: Math.max(1, ch - p.t - p.b),
	};
	const fit = v.scaling === 'fill' ? Math.max : Math.min;
	const scale = fit(box.w / subject.width, box.h / subject.height);
	const w = subject.width * scale;
	const h = subject.height * scale;
	const h0 = v.horizontalAlignment ?? 'center';
	const v0 = v.verticalAlignment ?? 'center';
	const x = h0 === 'left' ? box.x : h0 === 'right' ? box.x + box.w - w : box.x + (box.w - w) / 2;
	const y = v0 === 'top' ? box.y : v0 === 'bottom' ? box.y + box.h - h : box.y + (box.h - h) / 2;
	drawScaled(out, subject, x, y, w, h);
	return out;
}
