// Preloaded (`node -r`) into every process bench/startup.bench.js times: prints the process's CPU
// time (user + system, all threads) as it exits, since a loaded machine stretches wall time much
// more than the CPU a start-up costs. CommonJS and a file, not an `--import data:` URL: that would
// start Node's ES module loader in every measured process, ~6 ms that neither `node -e 0` nor
// the CLI (a CommonJS entry) spends otherwise.
// It writes to fd 2 directly: process.stderr would build a stream (and load its modules) in a
// process that may never have used one.
'use strict';
process.on('exit', () => {
  const u = process.cpuUsage();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload
  require('node:fs').writeSync(2, `session-bench-cpu-us:${u.user + u.system}\n`);
});
