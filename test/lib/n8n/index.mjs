// The n8n test library: helpers to drive a real n8n 2.41.1 (installed by scripts/harness-install.sh
// into .n8n-harness/n8n) from the e2e, queue and bench runners and the scripts, one module per job.
// Plain ESM, runs on Node 20 or 24; n8n itself always runs on the harness's Node 24 binary.
//
//   import * as env from '../lib/n8n/index.mjs';   (the scripts: scripts/n8n-env.mjs, the same)
//
// Facts these modules rely on (n8n 2.41.1, checked): see test/e2e/README.md.
export * from './harness.mjs';
export * from './cli.mjs';
export * from './package-install.mjs';
export * from './database.mjs';
export * from './server.mjs';
