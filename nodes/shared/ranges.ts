/** The ranges and defaults of the settings every node shares: the fields show them, settings.ts checks them. */
export const MAX_WAIT = { min: 1, max: 86400 };
export const POLL_INTERVAL = { min: 0.25, max: 600 };
export const CONCURRENCY = { min: 1, max: 50, default: 5 };
/** Seconds. The field offers 1 s and up; an expression may ask for less (tests use 0.2 s). */
export const REQUEST_TIMEOUT = { fieldMin: 1, min: 0.1, max: 3600, default: 120 };
