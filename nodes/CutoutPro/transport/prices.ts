import type { Price, RequestDescription } from '../../shared/dryRun';

/** Video seconds each expression template costs (the provider's price table). */
export const TEMPLATE_SECONDS: Record<number, number> = {
	0: 3.13,
	1: 7.13,
	2: 2.13,
	3: 6.75,
	4: 4.38,
	5: 3.75,
};

/** What a paid Cutout.pro request costs, as its documents say (shown by Dry Run). */
export async function priceOf(request: RequestDescription): Promise<Price | undefined> {
	const endpoint = request.path.replace(/^.*\/api\/v1\//, '');
	switch (endpoint) {
		case 'matting':
		case 'mattingByUrl':
			return request.query.preview === 'true'
				? {
						unit: 'credits',
						note: 'a preview costs less than 1 credit; Cutout.pro gives no amount',
					}
				: { amount: 1, unit: 'credits' };
		case 'faceDriven/submitTaskByUrl': {
			const seconds = TEMPLATE_SECONDS[Number(request.query.templateId)];
			return seconds !== undefined
				? { amount: seconds, unit: 'video seconds', note: `template ${request.query.templateId}` }
				: undefined;
		}
		case 'video/submitTaskByUrl':
			return { unit: 'video seconds', note: "the clip's length in seconds, known once it is read" };
		default:
			return undefined;
	}
}
