#!/usr/bin/env node
// The engineers' command line. Loads the TypeScript sources through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/http/entry/cli.ts');
