#!/usr/bin/env node
// Production entry: oclif reads oclif.manifest.json, so only the command that runs is imported.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
