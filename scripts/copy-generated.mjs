// tsc does not copy plain .js files: put the generated protobuf module next to the compiled code.
import { copyFileSync, mkdirSync } from 'node:fs';

const from = 'src/encoding/proto/generated';
const to = 'dist/src/encoding/proto/generated';
mkdirSync(to, { recursive: true });
for (const f of ['session-protos.js', 'session-protos.d.ts']) copyFileSync(`${from}/${f}`, `${to}/${f}`);
