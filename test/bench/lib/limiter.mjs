// A provider-side concurrency limit in front of a fake: a plain HTTP proxy that answers
// 429 Too Many Requests (with Retry-After) when more than `limit` requests are in flight, the way
// rate-limited APIs do. It records how many requests were in flight at most, so a run can show it
// stayed within the limit. Requests `exempt` says are result files (a CDN in real life) pass
// through without counting.
import { Agent, createServer, request } from 'node:http';

/** `limit` is a number, or a function of the requests served so far (a limit that changes mid-run). */
export async function startLimiter({ target, limit, retryAfterSeconds = 1, errorBody, exempt = () => false }) {
	const limitNow = typeof limit === 'function' ? limit : () => limit;
	const upstream = new URL(target);
	const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
	const stats = { total: 0, rejected: 0, inFlight: 0, maxInFlight: 0, served: 0 };
	/** Counted requests: when they arrived and when their reply was sent. */
	const log = [];
	const server = createServer((req, res) => {
		const counted = !exempt(req);
		if (counted) stats.total++;
		if (counted && stats.inFlight >= limitNow(stats.served)) {
			stats.rejected++;
			req.resume();
			const body = Buffer.from(JSON.stringify(errorBody ?? { error: 'Too Many Requests' }));
			res.writeHead(429, {
				'content-type': 'application/json',
				'content-length': body.length,
				'retry-after': String(retryAfterSeconds),
			});
			res.end(body);
			return;
		}
		if (counted) {
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		}
		let done = !counted;
		const entry = { start: performance.now(), end: 0, method: req.method, url: req.url };
		const finish = () => {
			if (done) return;
			done = true;
			stats.inFlight--;
			stats.served++;
			entry.end = performance.now();
			log.push(entry);
		};
		res.on('finish', finish);
		res.on('close', finish);
		const forward = request(
			{
				agent,
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host },
			},
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			},
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	});
	server.keepAliveTimeout = 5000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		stats,
		log,
		reset() {
			log.length = 0;
			stats.total = 0;
			stats.rejected = 0;
			stats.served = 0;
			stats.maxInFlight = stats.inFlight;
		},
		async close() {
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			agent.destroy();
		},
	};
}
