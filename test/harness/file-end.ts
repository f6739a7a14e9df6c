/**
 * Clean-ups that belong to the test file, not to the describe block that happened to load the
 * module first (in a folder's group file, test/harness/group.ts, a module first loads inside one
 * of the folder's files): test/harness/jest-setup.ts runs them after the file's last test.
 */
const tasks: Array<() => void> = [];

export function atFileEnd(task: () => void) {
	tasks.push(task);
}

export function runFileEnd() {
	for (const task of tasks.splice(0)) task();
}
