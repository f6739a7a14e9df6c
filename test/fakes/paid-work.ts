import type { RecordedRequest } from './fake-server';

/**
 * What a provider charges for, as its fake sees it: every fake module exports one as `paidWork`
 * (the reliability suites count paid units with it: no paid call before input checks, none twice).
 */
export interface PaidWork {
	/** Requests that create paid work. */
	isPaid(request: RecordedRequest): boolean;
	/** Units of paid work in one such request: tasks, uploaded files or records. */
	units(request: RecordedRequest): number;
}
