import { forgetAccounts } from '../../nodes/shared/limiter';
import { useVirtualClock } from './clock';
import { runFileEnd } from './file-end';

// No test sleeps for backoff or polling: waits are recorded and skipped (see clock.ts).
beforeEach(() => useVirtualClock());
// Each test starts with provider accounts that learned nothing (the limit is process-wide).
beforeEach(() => forgetAccounts());
// What a module loaded for the file cleans up at its end (file-end.ts).
afterAll(() => runFileEnd());
