#!/usr/bin/env -S node --import tsx
// Development entry: runs the TypeScript sources directly (no build step).
import { settings } from '@oclif/core';
import { main } from '../src/cli/main.ts';

process.env.NODE_ENV = 'development';
settings.debug = true;
await main(process.argv.slice(2), import.meta.url);
