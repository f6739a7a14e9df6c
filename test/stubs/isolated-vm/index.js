// See package.json: nothing in this repository's dev tree may load n8n's VM expression engine.
throw new Error(
	'isolated-vm is stubbed in this dev tree (package.json "overrides"); the real one runs in .n8n-harness',
);
