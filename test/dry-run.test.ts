/** Dry Run on every operation of every provider of providers.manifest.ts (test/contract/dry-run.ts). */
import { PROVIDERS } from '../providers.manifest';
import { describeDryRun } from './contract/dry-run';

describeDryRun(PROVIDERS);
