#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`/`npm run build`): no TypeScript at run time.
await import('../dist/contract-tests/cli.js');
