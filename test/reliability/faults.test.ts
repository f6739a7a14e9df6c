/**
 * Provider faults, one table over every provider of providers.manifest.ts (the suite:
 * test/suites/faults.ts; each provider's scenario and wording: test/<provider>/faults.ts). Its
 * results make the faults table of FIGURES.md.
 */
import { PROVIDERS } from '../providers';
import { describeFaults } from '../suites/faults';

describeFaults(PROVIDERS, { figures: true });
