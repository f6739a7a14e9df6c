import type { FakeServer } from './fake-server';

/**
 * Jest lifecycle for a fake: started once for the enclosing `describe`, reset before
 * each test, closed at the end. Returns a getter for the running fake.
 */
export function useFake<T extends FakeServer>(start: () => Promise<T>): () => T {
	let fake: T | undefined;
	beforeAll(async () => {
		fake = await start();
	});
	beforeEach(() => fake?.reset());
	afterAll(async () => await fake?.close());
	return () => {
		if (!fake) throw new Error('useFake: the fake is not running (use it inside a test)');
		return fake;
	};
}
