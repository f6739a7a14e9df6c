/** An entry of the provider's `error`, `failed` or `errors` as text (strings in the documents). */
export function entryText(entry: unknown): string {
	if (typeof entry === 'string') return entry;
	if (entry && typeof entry === 'object') {
		const { error, message, detail } = entry as Record<string, unknown>;
		const text = error ?? message ?? detail;
		if (typeof text === 'string') {
			const { filename, file } = entry as Record<string, unknown>;
			const name = filename ?? file;
			return typeof name === 'string' ? `${name}: ${text}` : text;
		}
	}
	return JSON.stringify(entry) ?? String(entry);
}
