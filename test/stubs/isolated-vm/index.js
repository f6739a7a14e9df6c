// See package.json: nothing in this repository's dev tree may load n8n's VM expression engine.
throw new Error(
	'isolated-vm is a stub in this dev tree (test/stubs/isolated-vm); the real one runs in .n8n-harness',
);
