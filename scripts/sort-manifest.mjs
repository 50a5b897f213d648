// Sorts oclif.manifest.json's commands by id: `oclif manifest` writes them in the order the file
// system lists dist/commands, which changes between builds and made every regeneration a
// thousand-line diff. Nothing reads the order (help, README and completion sort on their own).
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../oclif.manifest.json', import.meta.url);
const m = JSON.parse(readFileSync(path, 'utf8'));
m.commands = Object.fromEntries(
  Object.keys(m.commands)
    .sort()
    .map((id) => [id, m.commands[id]]),
);
writeFileSync(path, `${JSON.stringify(m, null, 2)}\n`);
