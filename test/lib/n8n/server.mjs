// `n8n start` on the harness, and the REST API a running n8n serves (what the editor calls).
// Part of the n8n test library (test/lib/n8n/index.mjs; scripts/n8n-env.mjs re-exports it).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';

import { N8N_BIN, NODE24, freePort, n8nEnv, resolveUserFolder } from './harness.mjs';
import { waitForExecutions, waitForWebhooks } from './database.mjs';

// ---------------------------------------------------------------------------------------------
// server

/**
 * Starts `n8n start` and resolves once it serves: /healthz is ok, /healthz/readiness is ok,
 * n8n printed "Editor is now accessible" and, for each id in `webhooksOf`, the published
 * workflow's production webhooks are registered (activation is asynchronous in 2.41.1). Returns { url, port, child, logs(), stop() }; stop() sends SIGINT, waits
 * for n8n's graceful shutdown (about 2 s) and SIGKILLs the process group after killTimeoutMs.
 * n8n runs in its own process group, so a terminal Ctrl-C reaches only the caller, which
 * should call stop() (one SIGINT: a second one makes n8n exit without cleanup).
 */
export async function startN8n({
	port = 5678,
	userFolder,
	env = {},
	listenAddress = '127.0.0.1',
	echo = false,
	readyTimeoutMs = 180_000,
	killTimeoutMs = 30_000,
	webhooksOf = [],
} = {}) {
	const uf = resolveUserFolder(userFolder);
	mkdirSync(uf, { recursive: true });
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
	const fullEnv = n8nEnv(uf, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: listenAddress,
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: brokerPort,
		...env,
	});
	const url = `http://${listenAddress === '0.0.0.0' ? 'localhost' : listenAddress}:${port}`;
	const started = Date.now();
	const child = spawn(NODE24, [N8N_BIN, 'start'], {
		cwd: uf,
		env: fullEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let editorReady = false;
	const onData = (stream) => (d) => {
		const s = d.toString('utf8');
		output += s;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		if (!editorReady && output.includes('Editor is now accessible')) editorReady = true;
		if (echo) stream.write(s);
	};
	child.stdout.on('data', onData(process.stdout));
	child.stderr.on('data', onData(process.stderr));
	let exited = null;
	const exitPromise = new Promise((res) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			res(exited);
		}),
	);
	const killGroup = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			// already gone
		}
	};
	// never leave an n8n behind when the caller exits abruptly
	const onExit = () => killGroup('SIGKILL');
	process.on('exit', onExit);

	let stopping;
	const stop = async () => {
		stopping ??= (async () => {
			if (!exited) {
				try {
					process.kill(child.pid, 'SIGINT');
				} catch {
					// gone
				}
				const t = setTimeout(() => killGroup('SIGKILL'), killTimeoutMs);
				await exitPromise;
				clearTimeout(t);
			}
			killGroup('SIGKILL'); // task runner children, if any survived
			process.off('exit', onExit);
			return exited;
		})();
		return await stopping;
	};

	const get = async (path) => {
		try {
			const r = await fetch(url + path, { signal: AbortSignal.timeout(2000) });
			return r.status;
		} catch {
			return 0;
		}
	};
	for (;;) {
		if (exited) {
			throw new Error(`n8n exited during start-up (${JSON.stringify(exited)}):\n${output.slice(-4000)}`);
		}
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(`n8n not ready after ${readyTimeoutMs} ms:\n${output.slice(-4000)}`);
		}
		if (editorReady && (await get('/healthz')) === 200 && (await get('/healthz/readiness')) === 200) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	try {
		for (const id of webhooksOf) {
			await waitForWebhooks(uf, id, { timeoutMs: Math.max(10_000, readyTimeoutMs - (Date.now() - started)) });
		}
	} catch (e) {
		await stop();
		throw new Error(`${e.message}\n${output.slice(-4000)}`);
	}
	return {
		url,
		port,
		child,
		startMs: Date.now() - started,
		logs: () => output,
		exited: () => exited,
		stop,
	};
}


// ---------------------------------------------------------------------------------------------
// REST API of a running n8n (what the editor calls)

/**
 * Creates the owner account of a fresh n8n (`POST /rest/owner/setup`) and returns the session
 * cookie (`n8n-auth=…`) for later REST calls. n8n 2.x wants 8+ characters, a digit and an
 * upper-case letter in the password.
 */
export async function setUpOwner(url, owner = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Sandbox-Owner-1' }) {
	const r = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (r.status !== 200) throw new Error(`POST /rest/owner/setup: ${r.status} ${await r.text()}`);
	const cookie = r.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	return cookie.split(';')[0];
}

/**
 * A session cookie for a running n8n: creates the owner (setUpOwner) on a fresh user folder, or
 * logs in as that owner (`POST /rest/login`) when an earlier `n8n start` of the folder created it.
 */
export async function ownerSession(url, owner = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Sandbox-Owner-1' }) {
	const fresh = await setUpOwner(url, owner).catch(() => null);
	if (fresh) return fresh;
	const r = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (r.status !== 200) throw new Error(`POST /rest/login: ${r.status} ${await r.text()}`);
	const cookie = r.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
	return cookie.split(';')[0];
}

/**
 * Runs a stored workflow the way the editor's "Execute workflow" button does
 * (`POST /rest/workflows/<id>/run` from its trigger node) in a running `n8n start`, waits for
 * the execution to finish and returns it as listExecutions() does ({ id, status, mode, data }).
 */
export async function runWorkflowInServer(n8n, cookie, workflowId, triggerName, { userFolder, timeoutMs = 120_000 } = {}) {
	const r = await fetch(`${n8n.url}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ triggerToStartFrom: { name: triggerName } }),
	});
	const text = await r.text();
	if (r.status !== 200) throw new Error(`POST /rest/workflows/${workflowId}/run: ${r.status} ${text}`);
	const executionId = String(JSON.parse(text).data?.executionId ?? '');
	if (!executionId) throw new Error(`POST /rest/workflows/${workflowId}/run started no execution: ${text}`);
	const list = await waitForExecutions(
		userFolder,
		(l) => l.some((e) => e.id === executionId && !['new', 'running', 'waiting'].includes(e.status)),
		{ workflowId, timeoutMs },
	);
	return list.find((e) => e.id === executionId);
}

async function restPost(n8n, cookie, path, body) {
	const r = await fetch(`${n8n.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify(body),
	});
	const text = await r.text();
	if (r.status !== 200) throw new Error(`POST ${path}: ${r.status} ${text.slice(0, 2000)}`);
	return JSON.parse(text).data;
}

/**
 * Creates credentials in a running n8n the way the editor's credential modal does
 * (`POST /rest/credentials`, plain `data`, n8n encrypts it; the owner's personal project owns
 * them). Each is { name, type, data }; returns them with the ids n8n gave them.
 */
export async function createCredentials(n8n, cookie, creds) {
	const out = [];
	for (const c of creds) {
		const created = await restPost(n8n, cookie, '/rest/credentials', { name: c.name ?? c.type, type: c.type, data: c.data });
		out.push({ id: String(created.id), name: created.name, type: c.type, data: c.data });
	}
	return out;
}

/**
 * Saves workflows in a running n8n the way the editor's Save does (`POST /rest/workflows`,
 * inactive); returns their ids in order.
 */
export async function createWorkflows(n8n, cookie, workflows) {
	const ids = [];
	for (const wf of workflows) {
		const { id: _ignored, active: _inactive, ...rest } = wf;
		const created = await restPost(n8n, cookie, '/rest/workflows', { connections: {}, settings: {}, ...rest, active: false });
		ids.push(String(created.id));
	}
	return ids;
}
