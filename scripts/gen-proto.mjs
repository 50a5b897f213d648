// Regenerates the protobuf code from proto/SessionProtos.proto (npm run proto). The generated
// module is committed; this only needs running after the .proto changes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const out = 'src/encoding/proto/generated/session-protos.js';
const bin = (name) => `node_modules/.bin/${name}`;
execFileSync(
  bin('pbjs'),
  [
    '-t',
    'static-module',
    '-w',
    'es6',
    '--no-verify',
    '--no-delimited',
    '--no-convert',
    '-o',
    out,
    'proto/SessionProtos.proto',
  ],
  {
    stdio: 'inherit',
  },
);
// Node's ESM loader needs the file extension, and protobufjs/minimal is CommonJS (default import).
writeFileSync(
  out,
  readFileSync(out, 'utf8').replace(
    'import * as $protobuf from "protobufjs/minimal";',
    'import $protobuf from "protobufjs/minimal.js";',
  ),
);
execFileSync(bin('pbts'), ['-o', out.replace(/\.js$/, '.d.ts'), out], { stdio: 'inherit' });
