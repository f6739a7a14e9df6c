// The queue-mode cluster of the queue tier (npm run test:queue): Postgres, Redis and n8n 2.41.1 as
// main + webhook processor + workers, each n8n process with its own user folder (as on separate
// machines) and the packed package installed the way n8n installs community packages. Everything
// started here is a child process this module tracks and stops, also when the run fails or the
// process exits. Facts it relies on: ../shared/n8n-queue-mode.md (checked on n8n 2.41.1).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8N_BIN, NODE24, installTarball, n8nCli, n8nEnv } from '../lib/n8n/index.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every port of the tier: base (default 5800) + offset, all on 127.0.0.1. */
export function portsFrom(base) {
	return {
		postgres: base,
		redis: base + 1,
		main: base + 10,
		webhook: base + 11,
		workerHealth: [base + 12, base + 13],
		broker: { main: base + 20, webhook: base + 21, workers: [base + 22, base + 23], cli: base + 24 },
	};
}

// ----------------------------------------------------------------------------- child processes

/** A child process with its output kept (last 4 MB) and a stop() that always ends it. */
function track(name, child, { detached = false } = {}) {
	let output = '';
	const onData = (d) => {
		output += d.toString('utf8');
		if (output.length > 4_000_000) output = output.slice(-2_000_000);
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	let exited = null;
	const exit = new Promise((res) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			res(exited);
		}),
	);
	const kill = (sig) => {
		try {
			if (detached) process.kill(-child.pid, sig);
			else child.kill(sig);
		} catch {
			// already gone
		}
	};
	const onExit = () => kill('SIGKILL');
	process.on('exit', onExit);
	let stopping;
	return {
		name,
		pid: child.pid,
		logs: () => output,
		exited: () => exited,
		exit,
		/** SIGTERM (n8n: graceful shutdown, a worker finishes running executions), SIGKILL after graceMs. */
		stop: (graceMs = 35_000) =>
			(stopping ??= (async () => {
				if (!exited) {
					try {
						process.kill(child.pid, 'SIGTERM');
					} catch {
						// gone
					}
					const t = setTimeout(() => kill('SIGKILL'), graceMs);
					await exit;
					clearTimeout(t);
				}
				kill('SIGKILL'); // the task runner of an n8n process, if it outlived it
				process.off('exit', onExit);
				return exited;
			})()),
	};
}

function which(cmd) {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

// ----------------------------------------------------------------------------- Postgres

/** Debian's server binaries (postgresql-NN), newest version first. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin/postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions.length)
		throw new Error('no PostgreSQL server found in /usr/lib/postgresql (apt-get install postgresql)');
	return join(root, versions[0], 'bin');
}

/**
 * A throwaway Postgres cluster in a temp folder (Debian's server; initdb refuses root, so as root
 * it runs as the `postgres` user). fsync off: the data is thrown away at the end.
 */
export async function startPostgres({ port, database = 'n8n', user = 'n8n', password = 'n8n' }) {
	const bin = postgresBinDir();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	const ids = {};
	if (process.getuid?.() === 0) {
		const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
		ids.uid = id('-u');
		ids.gid = id('-g');
		chownSync(dir, ids.uid, ids.gid);
	}
	const data = join(dir, 'data');
	const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'], {
		encoding: 'utf8',
		...ids,
	});
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
	const child = spawn(
		join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ stdio: ['ignore', 'pipe', 'pipe'], ...ids },
	);
	const proc = track('postgres', child);
	const psql = (sql, db = 'postgres') =>
		spawnSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], {
			encoding: 'utf8',
		});
	for (let i = 0; ; i++) {
		if (proc.exited()) throw new Error(`postgres exited: ${proc.logs().slice(-2000)}`);
		if (psql('SELECT 1').status === 0) break;
		if (i > 150) throw new Error(`postgres not ready after 30 s: ${proc.logs().slice(-2000)}`);
		await sleep(200);
	}
	for (const sql of [`CREATE USER ${user} PASSWORD '${password}'`, `CREATE DATABASE ${database} OWNER ${user}`]) {
		const r = psql(sql);
		if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
	}
	return {
		...proc,
		port,
		database,
		user,
		password,
		psql: (sql) => psql(sql, database),
		stop: async () => {
			await proc.stop(10_000);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// ----------------------------------------------------------------------------- Redis

export async function startRedis({ port }) {
	const server = which('redis-server');
	if (!server) throw new Error('redis-server not found (apt-get install redis-server)');
	const child = spawn(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const proc = track('redis', child);
	for (let i = 0; !proc.logs().includes('Ready to accept connections'); i++) {
		if (proc.exited()) throw new Error(`redis exited: ${proc.logs().slice(-2000)}`);
		if (i > 100) throw new Error(`redis not ready after 10 s: ${proc.logs().slice(-2000)}`);
		await sleep(100);
	}
	return { ...proc, port, stop: () => proc.stop(5_000) };
}

// ----------------------------------------------------------------------------- n8n

/** Environment every n8n process of the cluster shares (one encryption key, one database, one queue). */
export function sharedEnv({ postgres, redis, extra = {} }) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64url'),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		// with the default 5 s a burst can fail a ping and get "503 Database is not ready!"
		DB_PING_TIMEOUT_MS: '30000',
		// queue mode's default and the only mode whose files every process can read
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		NODE_ENV: 'production',
		...extra,
	};
}

/** A user folder per process, the package tarball installed into each the way n8n does it. */
export function makeProcessFolders(roles, tgz) {
	return Object.fromEntries(
		roles.map((role) => {
			const folder = mkdtempSync(join(tmpdir(), `n8n-queue-${role}-`));
			installTarball(folder, tgz);
			return [role, folder];
		}),
	);
}

/** `n8n <args>` as a CLI against the cluster's database (imports), with main's user folder. */
export async function cli(args, { userFolder, env, brokerPort }) {
	const r = await n8nCli(args, { userFolder, env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) } });
	const text = `${r.stdout}\n${r.stderr}`;
	if (r.code !== 0 || /An error occurred|Error (updating|importing)|UserError|Skipped/.test(text))
		throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${text.slice(-4000)}`);
	return r;
}

/**
 * Starts one n8n process of the cluster: role 'main' (`n8n start`), 'webhook' (`n8n webhook`) or
 * 'worker' (`n8n worker`). Ready when its /healthz/readiness answers 200 (a worker's on its
 * health-check port). In its own process group (the task runner is a child).
 */
export async function startN8nProcess({ role, name = role, userFolder, env, port, brokerPort, readyTimeoutMs = 120_000 }) {
	const command = { main: 'start', webhook: 'webhook', worker: 'worker' }[role];
	const roleEnv =
		role === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) }
			: { N8N_PORT: String(port) };
	const fullEnv = n8nEnv(userFolder, { ...env, ...roleEnv, N8N_RUNNERS_BROKER_PORT: String(brokerPort) });
	const started = Date.now();
	const child = spawn(NODE24, [N8N_BIN, command], {
		cwd: userFolder,
		env: fullEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const proc = track(name, child, { detached: true });
	const url = `http://127.0.0.1:${port}`;
	for (;;) {
		if (proc.exited()) throw new Error(`${name} exited during start-up (${JSON.stringify(proc.exited())}):\n${proc.logs().slice(-4000)}`);
		if (Date.now() - started > readyTimeoutMs) {
			await proc.stop(5_000);
			throw new Error(`${name} not ready after ${readyTimeoutMs} ms:\n${proc.logs().slice(-4000)}`);
		}
		try {
			const r = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (r.status === 200) break;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	return { ...proc, role, url, port, startMs: Date.now() - started, userFolder };
}

/** The RSS of each process, by name. */
export function rssOf(procs) {
	return Object.fromEntries(procs.map((p) => [p.name, memoryOf(p.pid).rss]));
}

/** Resident and peak resident memory of a process (and its children, e.g. the task runner) in bytes. */
export function memoryOf(pid) {
	const read = (p) => {
		try {
			const s = readFileSync(`/proc/${p}/status`, 'utf8');
			const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
			return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
		} catch {
			return { rss: 0, hwm: 0 };
		}
	};
	return read(pid);
}

/**
 * Samples the RSS of some processes every `everyMs` until stopped; returns per name the peak and
 * its growth over `base` (default: the RSS when sampling starts).
 */
export function sampleMemory(procs, { everyMs = 50, base = rssOf(procs) } = {}) {
	const peak = { ...base };
	const timer = setInterval(() => {
		for (const p of procs) peak[p.name] = Math.max(peak[p.name], memoryOf(p.pid).rss);
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			for (const p of procs) peak[p.name] = Math.max(peak[p.name], memoryOf(p.pid).rss);
			return Object.fromEntries(procs.map((p) => [p.name, { base: base[p.name], peak: peak[p.name], growth: peak[p.name] - base[p.name] }]));
		},
	};
}

// ----------------------------------------------------------------------------- REST (as the editor)

export const OWNER = {
	email: 'owner@queue.test',
	firstName: 'Queue',
	lastName: 'Tier',
	password: 'Queue-tier-0wner!',
};

/** The owner account on a fresh instance, and a REST client with its cookie. */
export async function ownerSession(mainUrl, { flatted }) {
	const setup = await fetch(`${mainUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (setup.status !== 200) throw new Error(`POST /rest/owner/setup: ${setup.status} ${await setup.text()}`);
	const login = await fetch(`${mainUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (login.status !== 200) throw new Error(`POST /rest/login: ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const rest = async (method, path, body) => {
		const r = await fetch(`${mainUrl}/rest${path}`, {
			method,
			headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		if (r.status !== 200) throw new Error(`${method} /rest${path}: ${r.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data;
	};
	return {
		cookie,
		rest,
		/** Publishes (activates) a workflow: its production webhooks are registered. */
		async activate(id) {
			const wf = await rest('GET', `/workflows/${id}`);
			return await rest('POST', `/workflows/${id}/activate`, { versionId: wf.versionId });
		},
		/** Executions of a workflow (summaries), newest first. */
		async executions(workflowId) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const data = await rest('GET', `/executions?filter=${filter}&limit=100`);
			return data.results;
		},
		/** One execution with its run data parsed (n8n keeps it flatted). */
		async execution(id) {
			const e = await rest('GET', `/executions/${id}`);
			return { ...e, data: typeof e.data === 'string' ? flatted.parse(e.data) : e.data };
		},
		/** A binary's bytes, downloaded the way the editor's download button does. */
		async downloadBinary(binaryId) {
			const r = await fetch(`${mainUrl}/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`, {
				headers: { cookie },
			});
			const bytes = Buffer.from(await r.arrayBuffer());
			return { status: r.status, bytes, headers: r.headers };
		},
	};
}
