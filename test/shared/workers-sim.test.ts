/**
 * A few rows of the worker-scale simulation (test/bench/workers-sim.ts, `npm run bench:workers`
 * for the whole table): several processes, each with its own account limit (the real code),
 * against one provider account with a hard in-flight limit, in virtual time.
 */
import { erlangBound, goals, simulate } from '../bench/workers-sim';

describe('the account limit at worker scale (simulated)', () => {
	it('Erlang B: with 10 % refused, senders that share nothing use about 52 % of 5, 79 % of 20, 89 % of 50', () => {
		expect(erlangBound(0.1, 5)).toBeCloseTo(0.52, 2);
		expect(erlangBound(0.1, 20)).toBeCloseTo(0.79, 2);
		expect(erlangBound(0.1, 50)).toBeCloseTo(0.89, 2);
	});

	it.each([
		[8, 5],
		[16, 5],
	])(
		'%i processes against a limit of %i: none lost, ≤ 10 %% refused, throughput within 10 %% of the bound',
		async (processes, limit) => {
			const r = await simulate({ processes, limit, mode: 'long' });
			expect(goals(r)).toEqual({ lost: true, refused: true, throughput: true });
			expect(r.maxInFlight).toBeLessThanOrEqual(limit);
			// Below one place per process: on average fewer requests in flight than processes.
			expect(r.throughput * limit).toBeLessThan(processes);
		},
	);
});
