import { config } from '@n8n/node-cli/eslint';

// .tmp holds generated release trees and compiled stand-ins: not this repository's sources
export default [{ ignores: ['.tmp/**'] }, ...config];
