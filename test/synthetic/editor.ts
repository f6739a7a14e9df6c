/** The Synthetic provider's expectations in the editor suite (test/suites/editor.ts). */
import type { EditorRows } from '../suites/editor';

export const editor: EditorRows = {
	ownOptionsActOn: {},
	searchPhrases: ['synthetic'],
};
