// Helpers to drive a real n8n 2.41.1 from the scripts: the n8n test library (test/lib/n8n/, one
// module per job: harness, cli, package-install, database, server), re-exported for them.
export * from '../test/lib/n8n/index.mjs';
