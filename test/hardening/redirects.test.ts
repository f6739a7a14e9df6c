/**
 * An API redirect to another origin is not followed and takes no key there, on every node of
 * providers.manifest.ts (the suite: describeRedirects in test/suites/hardening.ts).
 */
import { PROVIDERS } from '../providers';
import { describeRedirects } from '../suites/hardening';

describeRedirects(PROVIDERS);
