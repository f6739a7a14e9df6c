/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only: n8n reads its log level from the environment */
/**
 * Import first (before the n8n harness): n8n's logger reads its level once, when it is created,
 * and the harness defaults it to silent.
 */
process.env.N8N_LOG_LEVEL = 'debug';
