#!/usr/bin/env node
// Production entry: oclif reads oclif.manifest.json, so only the command that runs is imported.
// src/cli/main.ts (not oclif's `execute`) owns the command lookup and the failure rendering, so
// an unknown command or a bad flag gets the same JSON envelope and exit codes as any other error.
import { main } from '../dist/src/cli/main.js';

await main(process.argv.slice(2), import.meta.url);
