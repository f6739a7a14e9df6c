/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the virtual clock yields with setImmediate */
/**
 * The wait seam driven by tests: every backoff, Retry-After and poll wait the nodes ask for is
 * recorded and returns on the next turn of the event loop instead of sleeping. Installed for every
 * test file by jest's setupFilesAfterEnv (test/harness/jest-setup.ts).
 */
import { setWaitClock } from '../../nodes/shared/wait';

let recorded: number[] = [];
let held: Array<() => void> | undefined;
/**
 * Virtual time: a wait asked for at virtual time t ends at t + ms, and the clock moves on to the
 * latest end reached. Waits made one after the other add up; waits made side by side overlap.
 * Nothing else moves it: a request takes no virtual time.
 */
let virtualNow = 0;

/** The virtual time, in ms (what node code reads through `nowMs`). */
export function virtualTime() {
	return virtualNow;
}

/** Waits asked for since the last call, in order (milliseconds), and forgets them. */
export function takeWaits(): number[] {
	const waits = recorded;
	recorded = [];
	return waits;
}

/** Until `release`, every wait blocks (for cancellation tests); returns how many are blocked. */
export function holdWaits() {
	held = [];
	return {
		blocked: () => held?.length ?? 0,
		release() {
			const waiting = held ?? [];
			held = undefined;
			for (const resume of waiting) resume();
		},
	};
}

export function useVirtualClock() {
	recorded = [];
	held = undefined;
	setWaitClock(
		async (ms) => {
			recorded.push(ms);
			const end = virtualNow + ms;
			if (held) await new Promise<void>((resume) => held!.push(resume));
			else await new Promise<void>((resume) => setImmediate(resume));
			virtualNow = Math.max(virtualNow, end);
		},
		() => virtualNow,
	);
}
