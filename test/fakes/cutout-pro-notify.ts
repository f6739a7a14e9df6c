/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only fake, never shipped: a task finishes by a timer */
/**
 * Cutout.pro's task-finished notifications, as the fake of ./cutout-pro.ts sends them.
 *
 * With `notify` (the sandbox of `npm run dev`), a video task (not a preview) or a Photo Animer
 *   task finishes `notify.afterMs` after its submission, and the fake POSTs the task-finished
 *   notification to each URL `notify.urls()` gives then, as JSON, exactly as documented:
 *   `{eventName: "EVENT_VIDEO_TASK_FINISHED", eventData: {taskFlag, resultUrl, status: "done"}}`
 *   or `{eventName: "EVENT_FACE_DRIVEN_TASK_FINISHED", eventData: {taskId, resultUrl}}` (plus
 *   `gifUrl` when asked for). Cutout.pro signs nothing: a Secret Token is part of the URL the
 *   account holds (`?token=…`), so it is part of what `urls()` returns. A failed task's
 *   notification (undocumented) carries the status endpoint's fields: `status: "failed"`
 *   (video) or `status: 2` (Photo Animer), `resultUrl: null` and `failReason`.
 */

/** The notification address of the account (`notify` of the fake's options). */
export interface CutoutNotify {
	urls: () => string[] | Promise<string[]>;
	/** Time from submission to the task's end and its notification (default 1000 ms). */
	afterMs?: number;
	onSent?: (notification: CutoutNotification) => void;
}

/** A task-finished notification the fake POSTed (`notify`). */
export interface CutoutNotification {
	/** Where it went; empty when `notify.urls()` failed (`answer` says why). */
	url: string;
	body: { eventName: string; eventData: Record<string, unknown> };
	/** The HTTP status of the answer; 0 when there was none. */
	status: number;
	/** The start of the answer's body, or the error. */
	answer: string;
}

/** Finishes tasks by the clock and sends their notifications to `notify`; `sent` records them. */
export function notifier(notify: CutoutNotify | undefined, sent: CutoutNotification[]) {
	const opts = { notify };
	const state = { notifications: sent };
	const timers = new Set<NodeJS.Timeout>();

	/** POSTs a notification to every URL of the account's address (`notify`). */
	async function sendNotification(body: CutoutNotification['body']): Promise<void> {
		const record = (sent: CutoutNotification) => {
			state.notifications.push(sent);
			opts.notify?.onSent?.(sent);
		};
		let urls: string[];
		try {
			urls = (await opts.notify?.urls()) ?? [];
		} catch (error) {
			record({ url: '', body, status: 0, answer: (error as Error).message });
			return;
		}
		await Promise.all(
			urls.map(async (url) => {
				try {
					const res = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body),
						signal: AbortSignal.timeout(30_000),
					});
					record({ url, body, status: res.status, answer: (await res.text()).slice(0, 200) });
				} catch (error) {
					record({ url, body, status: 0, answer: (error as Error).message });
				}
			}),
		);
	}

	/** With `notify`: the task finishes `afterMs` after now, then its notification goes out. */
	function finishLater(
		task: { finished?: boolean },
		notification: () => CutoutNotification['body'],
	) {
		if (!opts.notify) return;
		const timer = setTimeout(() => {
			timers.delete(timer);
			task.finished = true;
			void sendNotification(notification());
		}, opts.notify.afterMs ?? 1000);
		timers.add(timer);
	}

	function stop() {
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
	}

	return { finishLater, stop };
}
