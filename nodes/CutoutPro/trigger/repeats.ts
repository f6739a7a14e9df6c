import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Notification } from './notification';

/** How long a notification is remembered, and how many at most (the oldest go first). */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_REMEMBERED = 1000;

/**
 * What makes two notifications the same: the event, the task, and the status it reports; hashed,
 * so that a key is 43 characters whatever a task ID holds (a body may be up to 64 KB).
 */
export function repeatKey(notification: Notification): string {
	return createHash('sha256')
		.update(JSON.stringify([notification.event, notification.taskId, notification.status ?? null]))
		.digest('base64url');
}

/** A map of keys to times (a value that is not a number is dropped by the pruning below). */
const isSeenMap = (value: unknown): value is Record<string, number> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `notification` was seen in the last 24 hours; remembers it when not. `store` is the
 * workflow's static data (node scope), where `seen` maps keys to when they were first seen (ms
 * since the epoch); n8n saves static data after a webhook call that changed it, and the next call
 * (on any process: it is kept with the workflow) reads it back. Entries older than the window
 * are dropped on every call, and beyond MAX_REMEMBERED the oldest, so the store stays small
 * (under 70 KB) whatever arrives.
 */
export function isRepeat(store: IDataObject, notification: Notification, now: number): boolean {
	if (!isSeenMap(store.seen)) store.seen = {};
	const seen = isSeenMap(store.seen) ? store.seen : {};
	for (const key of Object.keys(seen)) {
		const at = seen[key];
		// Not a time, too old, or in the future (a clock set back): forgotten.
		if (typeof at !== 'number' || !(now - at < REPEAT_WINDOW_MS) || at > now) delete seen[key];
	}
	const key = repeatKey(notification);
	if (seen[key] !== undefined) return true;
	seen[key] = now;
	const keys = Object.keys(seen);
	if (keys.length > MAX_REMEMBERED) {
		keys
			.sort((a, b) => seen[a] - seen[b])
			.slice(0, keys.length - MAX_REMEMBERED)
			.forEach((old) => delete seen[old]);
	}
	return false;
}
