#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx umc-contract` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../contract-tests/cli.ts');
