/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the folder is where this file is */
/** This folder's test files, run in one jest module registry (test/harness/group.ts). */
import { runFolder } from '../harness/group';

runFolder(__dirname);
