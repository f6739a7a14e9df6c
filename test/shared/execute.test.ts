/**
 * The shared execution (nodes/shared/execute.ts), through n8n-core's engine: one output item per
 * input item with pairedItem, Continue On Fail, the first failure in input order, input checks
 * before any call, Concurrency, and Keep Input Fields.
 */
import { runNode } from '../harness/n8n';
import { log, Probe, resetLog } from './probe-node';

const perItem = { action: '={{ $json.action }}', badInput: '={{ $json.bad === true }}' };
const items = (...actions: string[]) =>
	actions.map((action, index) => ({ json: { action, sku: `SKU-${index}` } }));

beforeEach(() => resetLog());

describe('shared execution', () => {
	it('with Continue On Fail every input item yields exactly one output item, paired, in order', async () => {
		const { items: out, error } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: items('ok', 'fail', 'ok', 'fail', 'ok'),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(out.map((item) => item.json.status ?? 'error')).toEqual([
			'done',
			'error',
			'done',
			'error',
			'done',
		]);
		expect(out[1].json).toMatchObject({
			error: 'Probe error 500: item 1 failed',
			itemIndex: 1,
			httpCode: '500',
			taskId: 'task-1',
		});
	});

	it('with On Error "Continue (using error output)" n8n sends each failed item to the error output, paired, with the error fields', async () => {
		const input = items('ok', 'fail', 'ok', 'ok');
		input[3].json = { ...input[3].json, bad: true } as (typeof input)[3]['json'];
		const { items: out, errorItems, error } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: input,
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(out.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'done'],
			[{ item: 2 }, 'done'],
		]);
		expect(errorItems.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 1 }, 'Probe error 500: item 1 failed'],
			[{ item: 3 }, 'Invalid "Bad Input" in item 3: rejected on purpose'],
		]);
		// the error's other fields under `details`, over the input item's fields (n8n merges them)
		expect(errorItems[0].json).toEqual({
			action: 'fail',
			sku: 'SKU-1',
			error: 'Probe error 500: item 1 failed',
			details: expect.objectContaining({ itemIndex: 1, httpCode: '500', taskId: 'task-1' }),
		});
	});

	it('without Continue On Fail the first failing item in input order stops the node', async () => {
		const { error } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: items('ok', 'ok', 'fail', 'fail'),
		});
		expect(error?.message).toBe('Probe error 500: item 2 failed');
	});

	it('checks every item before any call: bad input stops the node with nothing sent', async () => {
		const input = items('ok', 'ok', 'ok');
		input[2].json = { ...input[2].json, bad: true } as (typeof input)[2]['json'];
		const { error } = await runNode({ node: new Probe(), parameters: perItem, items: input });
		expect(error?.message).toBe('Invalid "Bad Input" in item 2: rejected on purpose');
		expect(log.started).toEqual([]);
	});

	it("with Continue On Fail a bad item is that item's error and the others still run", async () => {
		const input = items('ok', 'ok', 'ok');
		input[1].json = { ...input[1].json, bad: true } as (typeof input)[1]['json'];
		const { items: out } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: input,
			continueOnFail: true,
		});
		expect(out.map((item) => item.json.error ?? item.json.status)).toEqual([
			'done',
			'Invalid "Bad Input" in item 1: rejected on purpose',
			'done',
		]);
		expect(log.started.sort()).toEqual([0, 2]);
	});

	it.each([1, 3, 7])(
		'never has more than Concurrency %i items with the provider',
		async (concurrency) => {
			const { items: out } = await runNode({
				node: new Probe(),
				parameters: { ...perItem, options: { concurrency } },
				items: items(...Array<string>(20).fill('ok')),
			});
			expect(out).toHaveLength(20);
			expect(log.maxInFlight).toBe(concurrency);
			expect(new Set(log.started).size).toBe(20);
		},
	);

	it('keeps the input item fields by default; the result wins on a clash', async () => {
		const { items: out } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: [{ json: { action: 'ok', sku: 'A-1', status: 'from input' } }],
		});
		expect(out[0].json).toMatchObject({
			sku: 'A-1',
			action: 'ok',
			status: 'done',
			provider: 'runware',
		});
	});

	it('keeps the input item fields on error items too, under the error fields', async () => {
		const { items: out } = await runNode({
			node: new Probe(),
			parameters: perItem,
			items: [{ json: { action: 'fail', sku: 'A-2', error: 'old' } }],
			continueOnFail: true,
		});
		expect(out[0].json).toMatchObject({
			sku: 'A-2',
			error: 'Probe error 500: item 0 failed',
			itemIndex: 0,
		});
	});

	it('Keep Input Fields off gives the result fields only', async () => {
		const { items: out } = await runNode({
			node: new Probe(),
			parameters: { ...perItem, options: { keepInputFields: false } },
			items: [{ json: { action: 'ok', sku: 'A-3' } }],
		});
		expect(out[0].json).toEqual({
			provider: 'runware',
			operation: 'probe.ok',
			status: 'done',
			taskId: 'task-0',
		});
	});

	it('rejects a Keep Input Fields that is not true or false, before any call', async () => {
		const { error } = await runNode({
			node: new Probe(),
			parameters: { ...perItem, options: { keepInputFields: '={{ "maybe" }}' } },
			items: items('ok'),
		});
		expect(error?.message).toBe(
			'Invalid "Keep Input Fields" in item 0: must be true or false, got "maybe"',
		);
		expect(log.started).toEqual([]);
	});
});
