/** Photoroom's expectations in the editor suite (test/suites/editor.ts). */
import type { EditorRows } from '../suites/editor';

export const editor: EditorRows = {
	ownOptionsActOn: {},
	searchPhrases: ['Photoroom', 'marketplace image', 'amazon'],
};
