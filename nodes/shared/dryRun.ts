/**
 * Dry Run (Options → Dry Run): every item is checked exactly as in a real run, then each paid
 * request is described instead of sent (apiRequest.ts turns it back at its one seam). The item's
 * output says what would be sent, key and signed-URL tokens removed, and what it would cost in the
 * provider's own unit where the provider documents a price; each item also carries the run's total.
 * Free calls (Get Credits, Get Task) run as usual.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ProviderId } from './output';

/** What a request costs, in the provider's own unit; no amount where it depends on the input. */
export interface Price extends IDataObject {
	amount?: number;
	unit: string;
	/** What the amount assumes (a plan), or what it depends on. */
	note?: string;
}

/** A request as plain data, without the API key or signed-URL tokens: what would be sent. */
export interface RequestDescription extends IDataObject {
	method: string;
	host: string;
	path: string;
	query: IDataObject;
	/** The JSON body's or the form's text fields (long values cut). */
	fields: IDataObject;
	files: Array<{ field: string; name: string; type: string; size: number }>;
}

/** Thrown by the request seam in a dry run, in place of a paid request. */
export class DryRunRequest extends Error {
	constructor(
		readonly provider: ProviderId,
		readonly request: RequestDescription,
		readonly price: Price | undefined,
	) {
		super('Dry Run: this paid request was described, not sent');
	}
}

/**
 * The output of an item whose paid request was described: one per item, and for a request that
 * carries several items (a batch) each gets the request, its place in it and its share of the price.
 */
export function dryRunItem(
	stop: DryRunRequest,
	operation: string,
	batch?: { size: number; position: number },
): INodeExecutionData {
	const { price } = stop;
	const share =
		price && batch && price.amount !== undefined
			? { ...price, amount: price.amount / batch.size }
			: price;
	return {
		json: {
			provider: stop.provider,
			operation,
			status: 'dryRun',
			dryRun: true,
			request: stop.request,
			...(batch ? { batch } : {}),
			price: share ?? { unit: 'unknown', note: 'the provider documents no price for this call' },
		},
	};
}

/** The run's total, added to every dry-run item: items described and their price by unit. */
export function addRunTotal(items: INodeExecutionData[]) {
	const described = items.filter((item) => item.json.dryRun === true);
	if (!described.length) return;
	const byUnit = new Map<string, number>();
	let unpriced = 0;
	for (const { json } of described) {
		const price = json.price as Price;
		if (price.amount === undefined) unpriced += 1;
		else byUnit.set(price.unit, (byUnit.get(price.unit) ?? 0) + price.amount);
	}
	const runTotal: IDataObject = {
		items: described.length,
		price: [...byUnit].map(([unit, amount]) => ({ amount: Math.round(amount * 1e6) / 1e6, unit })),
		...(unpriced ? { itemsWithoutPrice: unpriced } : {}),
	};
	for (const item of described) item.json.runTotal = runTotal;
}
