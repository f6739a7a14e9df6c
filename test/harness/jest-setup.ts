import { useVirtualClock } from './clock';

// No test sleeps for backoff or polling: waits are recorded and skipped (see clock.ts).
beforeEach(() => useVirtualClock());
