/**
 * Marketplace presets of Image → Edit: each a named set of Photoroom's own parameters (what is sent
 * is exactly what stands here; README shows the same table). Any Edit option the user adds
 * overrides the preset's value. The rules behind them:
 * - Amazon main image: pure white (255, 255, 255), the product filling at least 85 % of the frame,
 *   longest side at least 1,000 px (1,600 recommended): 2000 × 2000 with 5 % padding per side
 *   leaves the product 90 % of the frame's side;
 * - Walmart: 2200 × 2200, 1 : 1, white, at most 5 MB (JPEG keeps it small);
 * - Google Merchant Center: 1500 × 1500 recommended, white, JPEG preferred.
 * None uses a feature that can alter the product (shadows, relight, text removal).
 */
export const MARKETPLACE_PRESETS = {
	amazon: {
		name: 'Amazon Main Image',
		description: 'Pure white, 2000 × 2000, product fills 90 % of the frame, JPEG',
		parameters: {
			removeBackground: 'true',
			'background.color': 'FFFFFF',
			outputSize: '2000x2000',
			padding: '0.05',
			'export.format': 'jpeg',
		},
	},
	walmart: {
		name: 'Walmart',
		description: 'White, 2200 × 2200 (1 : 1), JPEG',
		parameters: {
			removeBackground: 'true',
			'background.color': 'FFFFFF',
			outputSize: '2200x2200',
			padding: '0.05',
			'export.format': 'jpeg',
		},
	},
	googleShopping: {
		name: 'Google Shopping',
		description: 'White, 1500 × 1500, 10 % padding, JPEG',
		parameters: {
			removeBackground: 'true',
			'background.color': 'FFFFFF',
			outputSize: '1500x1500',
			padding: '0.1',
			'export.format': 'jpeg',
		},
	},
} as const satisfies Record<
	string,
	{ name: string; description: string; parameters: Record<string, string> }
>;

export type Marketplace = keyof typeof MARKETPLACE_PRESETS;
export const MARKETPLACES = Object.keys(MARKETPLACE_PRESETS) as Marketplace[];
