// What a user folder's n8n stored, read from its SQLite database (works while n8n runs): executions, workflows, webhooks.
// Part of the n8n test library (test/lib/n8n/index.mjs; scripts/n8n-env.mjs re-exports it).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { N8N_INSTALL_DIR, resolveUserFolder } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// executions (read from the SQLite database; works while n8n runs)

let harnessRequire;
function fromHarness(id) {
	harnessRequire ??= createRequire(join(N8N_INSTALL_DIR, 'node_modules/n8n/package.json'));
	return harnessRequire(id);
}

/**
 * Lists executions stored in `<userFolder>/.n8n/database.sqlite`, newest first, with their run
 * data parsed: [{ id, workflowId, status, mode, finished, startedAt, stoppedAt, data }] where
 * data is what `n8n execute` prints under `data` ({ resultData: { runData, error? } }).
 * Uses the harness's sqlite3 (N-API, loads on Node 20 and 24) and `flatted` (n8n stores run
 * data flatted).
 */
export async function listExecutions(userFolder, { workflowId, limit = 50, withData = true } = {}) {
	const sqlite3 = fromHarness('sqlite3');
	const flatted = fromHarness('flatted');
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		const where = workflowId ? 'WHERE e.workflowId = ?' : '';
		const sql = `SELECT e.id, e.workflowId, e.status, e.mode, e.finished, e.startedAt, e.stoppedAt${
			withData ? ', d.data' : ''
		} FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ${where}
		ORDER BY e.id DESC LIMIT ?`;
		const params = workflowId ? [workflowId, limit] : [limit];
		const rows = await new Promise((res, rej) => db.all(sql, params, (err, r) => (err ? rej(err) : res(r))));
		return rows.map((r) => ({
			...r,
			id: String(r.id),
			finished: Boolean(r.finished),
			data: withData && r.data ? flatted.parse(r.data) : undefined,
		}));
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/** Ids of the workflows stored in `<userFolder>/.n8n/database.sqlite` ([] when there is no DB yet). */
export async function listWorkflowIds(userFolder) {
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	if (!existsSync(dbFile)) return [];
	const sqlite3 = fromHarness('sqlite3');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		const rows = await new Promise((res, rej) =>
			db.all('SELECT id FROM workflow_entity', (err, r) => (err ? rej(err) : res(r))),
		);
		return rows.map((r) => String(r.id));
	} catch {
		return []; // not migrated yet
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/**
 * Waits until the production webhooks of a published workflow are registered (rows in
 * `webhook_entity`, which is what n8n's webhook routing reads). n8n 2.41.1 activates published
 * workflows asynchronously (workflow publication service, on by default), so they can still
 * be missing when the server already answers. Returns the rows.
 */
export async function waitForWebhooks(userFolder, workflowId, { timeoutMs = 60_000, intervalMs = 200 } = {}) {
	const sqlite3 = fromHarness('sqlite3');
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
		const rows = await new Promise((res) =>
			db.all('SELECT * FROM webhook_entity WHERE workflowId = ?', [workflowId], (err, r) => res(err ? [] : r)),
		);
		await new Promise((res) => db.close(() => res()));
		if (rows.length > 0) return rows;
		if (Date.now() > deadline) throw new Error(`webhooks of workflow ${workflowId} not registered after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** Runs one read-only query on `<userFolder>/.n8n/database.sqlite`; [] when there is no database yet. */
export async function queryDatabase(userFolder, sql, params = []) {
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	if (!existsSync(dbFile)) return [];
	const sqlite3 = fromHarness('sqlite3');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		return await new Promise((res, rej) => db.all(sql, params, (err, rows) => (err ? rej(err) : res(rows))));
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/** Polls listExecutions until `predicate(executions)` is truthy; returns the executions. */
export async function waitForExecutions(userFolder, predicate, { workflowId, timeoutMs = 30_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await listExecutions(userFolder, { workflowId });
		if (predicate(list)) return list;
		if (Date.now() > deadline) throw new Error(`timed out waiting for executions of ${workflowId ?? 'any workflow'}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}
