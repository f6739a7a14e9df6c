/**
 * The API key never appears in output, errors, run data or logs, on every node of
 * providers.manifest.ts (the suite: test/suites/secrets.ts; each provider's runs:
 * test/<provider>/secrets.ts). Its results make the secrets table of FIGURES.md.
 * @own-registry: the suite sets n8n's log level to debug for the module registry it runs in.
 */
import './lib/debug-logging';

import { PROVIDERS } from '../providers';
import { describeSecrets } from '../suites/secrets';

describeSecrets(PROVIDERS, { figures: true });
