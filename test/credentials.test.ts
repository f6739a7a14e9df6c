/**
 * Every credential's Test button, the way n8n runs it, on every provider of providers.manifest.ts
 * (the suite: test/suites/credential.ts; each provider's cases: test/<provider>/credential.ts).
 */
import { PROVIDERS } from './providers';
import { describeCredentialTests } from './suites/credential';

describeCredentialTests(PROVIDERS);
