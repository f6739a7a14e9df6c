// Hosts fake provider servers in their own process, so that CPU measured in the process running
// the nodes contains none of the fakes' work. Controlled over IPC:
//   { id, op: 'start', module, fn, options } → { id, baseUrl, apiUrl }
//   { id, op: 'requests', index } → { id, count }      (requests the fake received)
//   { id, op: 'close' } → exits
// argv[2]: the folder of the compiled fakes (test/fakes compiled to CommonJS).
const { join } = require('node:path');

const fakesDir = process.argv[2];
const servers = [];

process.on('message', async (message) => {
	const reply = (body) => process.send({ id: message.id, ...body });
	try {
		if (message.op === 'start') {
			const mod = require(join(fakesDir, `${message.module}.js`));
			const server = await mod[message.fn](message.options);
			servers.push(server);
			reply({ index: servers.length - 1, baseUrl: server.baseUrl, apiUrl: server.apiUrl });
		} else if (message.op === 'requests') {
			reply({ count: servers[message.index].requests.length });
		} else if (message.op === 'forget') {
			// keep memory flat across many runs: drop the request log
			for (const server of servers) server.requests.length = 0;
			reply({});
		} else if (message.op === 'close') {
			for (const server of servers) await server.close();
			reply({});
			process.exit(0);
		}
	} catch (error) {
		reply({ error: String(error?.stack ?? error) });
	}
});
process.send({ ready: true });
