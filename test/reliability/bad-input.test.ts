/**
 * Bad input, one table over every node and operation of providers.manifest.ts (the suite:
 * test/suites/bad-input.ts; each provider's operations, rows and inapplicable classes:
 * test/<provider>/bad-input.ts). Its results make the bad-input table of FIGURES.md.
 */
import { PROVIDERS } from '../providers';
import { describeBadInput } from '../suites/bad-input';

describeBadInput(PROVIDERS, { figures: true });
