/**
 * Dry Run (Options → Dry Run, nodes/shared/dryRun.ts) on every operation of every provider, against
 * its fake, from the contract rows: a paying operation sends the fake nothing and outputs, per item,
 * the request it would send (no API key) with its price and the run's total; a free operation
 * (Get Credits, Get Task) runs as usual. describeDryRun(entries) runs it for any manifest entries.
 */
import type { IDataObject } from 'n8n-workflow';

import { PAID_OPERATIONS } from '../../nodes/shared/descriptions';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import { useProviderEntries } from '../reliability/lib/providers';
import { SKU } from './cases';

export function describeDryRun(entries: readonly ProviderManifestEntry[]) {
	const envs = useProviderEntries(entries);
	const rows = entries.flatMap((entry) =>
		loadProvider(entry)
			.contractCases()
			.map((c) => [`${entry.id} ${c.resource}.${c.operation}`, entry.id, c] as const),
	);
	describe.each(rows)('Dry Run: %s', (_name, provider, c) => {
		const paid = PAID_OPERATIONS.includes(c.operation);

		it(
			paid
				? 'sends nothing; each item shows its request without the key, a price and the total'
				: 'is free: runs as usual',
			async () => {
				const env = envs[provider];
				const before = (await c.before?.(env)) ?? {};
				const sent = env.fake.requests.length;
				const params: IDataObject = c.params(before);
				const options = { ...((params.options as IDataObject | undefined) ?? {}), dryRun: true };
				const items = [...c.items(), ...c.items()];
				const { items: out, error } = await env.run(
					{ resource: c.resource, operation: c.operation, ...params, options },
					items,
				);
				expect(error).toBeUndefined();
				expect(out).toHaveLength(2);
				if (!paid) {
					expect(out.every((item) => item.json.status !== 'dryRun')).toBe(true);
					return;
				}
				expect(env.fake.requests.slice(sent)).toEqual([]);
				expect(env.paidUnits()).toBe(0);
				for (const [index, item] of out.entries()) {
					expect(item.pairedItem).toEqual({ item: index });
					expect(item.binary).toBeUndefined();
					expect(item.json).toMatchObject({
						...SKU,
						provider,
						operation: `${c.resource}.${c.operation}`,
						status: 'dryRun',
						dryRun: true,
						request: {
							method: expect.stringMatching(/^(GET|POST)$/),
							host: new URL(env.fake.baseUrl).host,
							path: expect.stringMatching(/^\//),
						},
						price: { unit: expect.any(String) },
						runTotal: { items: 2 },
					});
					expect(JSON.stringify(item.json)).not.toContain(env.apiKey);
				}
				// the total adds up the items' prices, by unit
				const prices = out.map((item) => item.json.price as { amount?: number; unit: string });
				const expected = new Map<string, number>();
				for (const p of prices)
					if (p.amount !== undefined) expected.set(p.unit, (expected.get(p.unit) ?? 0) + p.amount);
				expect((out[0].json.runTotal as IDataObject).price).toEqual(
					[...expected].map(([unit, amount]) => ({ amount, unit })),
				);
			},
		);
	});
}
