/**
 * The output contract on every operation of every provider of providers.manifest.ts, each against
 * its fake (test/contract/suite.ts; a provider's rows: the module its entry names in `contract`).
 */
import { PROVIDERS } from '../providers.manifest';
import { describeContract } from './contract/suite';

describeContract(PROVIDERS);
