/** Injected faults: the queue a fake consumes them from, and their names in the request log. */

import type { Fault, FaultKind, RecordedRequest } from './types';

export class FaultQueue {
	private readonly pending: Array<{ fault: Fault; left: number }> = [];

	add(fault: Fault): this {
		this.pending.push({ fault, left: fault.times ?? 1 });
		return this;
	}

	clear(): void {
		this.pending.length = 0;
	}

	/** Faults not yet fully consumed. */
	get remaining(): number {
		return this.pending.reduce((n, p) => n + p.left, 0);
	}

	/** Finds and consumes one application of the first matching fault. */
	take(req: RecordedRequest): FaultKind | undefined {
		const entry = this.pending.find((p) => p.left > 0 && (p.fault.match?.(req) ?? true));
		if (!entry) return undefined;
		entry.left--;
		if (entry.left === 0) this.pending.splice(this.pending.indexOf(entry), 1);
		return entry.fault.kind;
	}
}

export function describeFault(kind: FaultKind): string {
	if (typeof kind === 'string') return kind;
	return 'status' in kind ? `status-${kind.status}` : `delay-${kind.delayMs}`;
}
