/**
 * A provider's rows in the contract test (test/contract/suite.ts): one per operation, exported as
 * `cases` by the module its providers.manifest.ts entry names in `contract`.
 */
import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../fakes/media';
import type { FixtureItem } from '../harness/n8n';
import type { ProviderEnv } from '../reliability/lib/providers';
import { binaryItem } from '../reliability/lib/providers';

export interface ContractCase {
	resource: string;
	operation: string;
	/** Parameters, given what `before` returned (e.g. the ID of a task made first). */
	params: (before: IDataObject) => IDataObject;
	items: () => FixtureItem[];
	/** Runs first, e.g. to create the task a Get operation reads. */
	before?: (env: ProviderEnv) => Promise<IDataObject>;
	/**
	 * The source part every output file name must carry, given what `before` returned; `null` for
	 * an operation that makes no file (Get Credits): it must then output none.
	 */
	source: ((before: IDataObject) => string) | null;
	/** Invalid input for the input-check row: parameters and the field named in the error. */
	bad: { params: IDataObject; field: string };
}

/** The input item's json: every output item must keep it. */
export const SKU = { sku: 'SKU-42', title: 'Red shoe' };
export const WAIT = { waitForCompletion: true, maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };

/** One PNG binary item named shoe.v2.png (its output files are `shoe.v2-<role>.<ext>`). */
export const png = (name = 'shoe.v2.png') => [binaryItem(makePng(8, 6), name, 'image/png', SKU)];
/** One item with no binary (the operation takes a URL or an ID parameter). */
export const url = () => [{ json: SKU }];

/** Account → Get Credits: no file, and the Keep Input Fields option checked. */
export const getCreditsCase: ContractCase = {
	resource: 'account',
	operation: 'getCredits',
	params: () => ({}),
	items: url,
	source: null,
	bad: { params: { options: { keepInputFields: '={{ "yes" }}' } }, field: 'Keep Input Fields' },
};
