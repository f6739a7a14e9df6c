/**
 * File names built from URLs and names (issue 30, finding 11): a URL's last segment is decoded,
 * so `%0D%0A`, `%00` and `:` reached result file names (and the Content-Disposition n8n serves
 * them with). Every control character (C0 and DEL), `:` and path separators become `_`.
 */
import { resultFileName, safeNamePart, sourceName } from '../../nodes/shared/naming';

describe('result file names', () => {
	it.each([
		['https://cdn.example.com/a%0D%0ASet-Cookie%3A%20x.png', 'a__Set-Cookie_ x'],
		['https://cdn.example.com/shoe%00.exe%00.png', 'shoe_.exe_'],
		['https://cdn.example.com/C%3A%5Cwindows%5Cfile.jpg', 'C__windows_file'],
		['https://cdn.example.com/tab%09bell%07del%7F.webp', 'tab_bell_del_'],
		['https://cdn.example.com/stream.txt%3A%24DATA.png', 'stream.txt_$DATA'],
		['https://cdn.example.com/..%2F..%2Fetc%2Fpasswd.png', '.._.._etc_passwd'],
	])('%s → source "%s"', (url, source) => {
		expect(sourceName(url, 'image')).toBe(source);
	});

	it('an input file name with control characters and a colon', () => {
		expect(sourceName('re:port\r\n\u0000.jpg', 'image')).toBe('re_port___');
	});

	it('every C0 control character, DEL and ":" are replaced; other text is kept', () => {
		const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
		expect(safeNamePart(`${controls}\u007f:é ü.x`)).toBe(`${'_'.repeat(34)}é ü.x`);
	});

	it('a source that did not come through sourceName (a task ID) is made safe too', () => {
		expect(resultFileName('task:1\r\n', 'nobg', 'png')).toBe('task_1__-nobg.png');
		expect(resultFileName('shoe', 'mask', 'png', 2)).toBe('shoe-mask-2.png');
	});
});
