import { forgetAccounts } from '../../nodes/shared/limiter';
import { useVirtualClock } from './clock';

// No test sleeps for backoff or polling: waits are recorded and skipped (see clock.ts).
beforeEach(() => useVirtualClock());
// Each test starts with provider accounts that learned nothing (the limit is process-wide).
beforeEach(() => forgetAccounts());
