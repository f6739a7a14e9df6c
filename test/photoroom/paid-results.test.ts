/**
 * Synchronous paid results (Photoroom's Remove Background and Edit, Cutout.pro's image matting) are
 * the image itself: no task ID to fetch it again. When another item of the batch fails the node
 * (no Continue On Fail), the error names every item already charged and carries its result, so a
 * rerun need not pay for it again (issue 30, finding 5).
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { makePng, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import { PROVIDERS } from '../providers';
import { binaryItem, useProviders } from '../reliability/lib/providers';

const ALL_CASES = [
	{
		name: 'Photoroom Remove Background',
		provider: 'photoroom' as const,
		parameters: { resource: 'image', operation: 'removeBackground' },
	},
	{
		name: 'Photoroom Edit',
		provider: 'photoroom' as const,
		parameters: { resource: 'image', operation: 'edit', inputType: 'binary' },
	},
	{
		name: 'Cutout.pro image matting',
		provider: 'cutoutPro' as const,
		parameters: { resource: 'image', operation: 'removeBackground', inputType: 'binary' },
	},
];
// the cases of the providers this repository has (a provider package's tree has its own only)
const CASES = ALL_CASES.filter((c) => PROVIDERS.some((p) => p.id === c.provider));
const envs = useProviders([...new Set(CASES.map((c) => c.provider))]);

describe('a batch of synchronous paid results whose second item fails', () => {
	it.each(CASES)('$name: the error names items 0 and 2 and keeps their results', async (c) => {
		const env = envs[c.provider];
		env.fake.faults.add({
			match: (req) => req.files.some((file) => file.filename.includes('second')),
			kind: { status: 402 },
		});
		const before = env.fake.requests.length;
		const { items, error } = await env.run(
			{
				...c.parameters,
				binaryPropertyName: 'data',
				options: { concurrency: 3, adaptiveConcurrency: false },
			},
			['first', 'second', 'third'].map((name) => binaryItem(makePng(40, 30), `${name}.png`)),
		);
		expect(items).toEqual([]);
		expect(error?.message).toContain('402');
		// Items 0 and 2 were charged (the fault answered item 1 in the provider's place).
		const charged = env.fake.requests.slice(before).filter((r) => env.isPaid(r) && !r.fault);
		expect(charged).toHaveLength(2);
		const workDone = error?.context?.workDone as IDataObject[];
		expect(workDone.map((entry) => entry.itemIndex)).toEqual([0, 2]);
		for (const entry of workDone) {
			expect(error?.description).toContain(`item ${entry.itemIndex}: result `);
			const binary = entry.binary as unknown as Record<string, IBinaryData>;
			const bytes = await binaryBytes(binary.data);
			expect(sniff(bytes)).toBe('png');
		}
		expect(error?.description).toContain("in this error's workDone");
	});
});
