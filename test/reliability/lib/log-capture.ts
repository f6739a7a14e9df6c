/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only code, never shipped */
/**
 * Captures what n8n's own logger emits: n8n-core's Logger (the one its services and execution
 * contexts get from the container, and the one LoggerProxy forwards to, as in n8n) is kept, and
 * only its output is redirected from the console into memory. Each line is what n8n would write:
 * the message and its metadata, with errors serialised the way the Logger does it.
 */
import { createRequire } from 'node:module';
import { inspect } from 'node:util';

import { LoggerProxy } from 'n8n-workflow';

// The engine's services live in n8n-core's own copies of @n8n/di and @n8n/backend-common.
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common') as {
	Logger: new () => CoreLogger;
};

interface CoreLogger {
	/** The level n8n configured from N8N_LOG_LEVEL. */
	level: string;
	setInternalLogger(internal: unknown): void;
	debug(message: string, metadata?: object): void;
}

export interface LogCapture {
	lines: string[];
	/** The level n8n's logger runs at. */
	level: string;
}

/** Redirects n8n's logger into `lines` for the rest of the test file. */
export function captureN8nLogs(): LogCapture {
	const logger = Container.get(Logger);
	const capture: LogCapture = { lines: [], level: logger.level };
	const internal = {
		levels: { error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5, silly: 6 },
		log(level: string, message: string, metadata: unknown) {
			capture.lines.push(
				`${level} ${message} ${inspect(metadata, { depth: 12, breakLength: Infinity })}`,
			);
		},
		child() {
			return internal;
		},
	};
	logger.setInternalLogger(internal);
	LoggerProxy.init(logger as unknown as Parameters<typeof LoggerProxy.init>[0]);
	return capture;
}
