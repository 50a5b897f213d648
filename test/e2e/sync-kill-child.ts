// Child process of sync-kill.test.ts: one `sync now` of a profile, in process (what the CLI's
// command runs). With SESSION_TEST_KILL_AFTER_CONFIG_STORE=1 it dies by SIGKILL right after the
// first config store reached the swarm, before the push is confirmed locally.
import { syncNow } from '../../src/actions/sync.js';
import { openClient } from '../../src/client.js';

const [dataDir, network] = process.argv.slice(2);
const client = await openClient({
  dataDir: dataDir!,
  profile: 'me',
  passphrase: async () => undefined,
  network,
});
try {
  const r = await syncNow(client);
  process.stdout.write(
    JSON.stringify(r.namespaces.map((n) => ({ ns: n.namespace, pushed: n.pushed ?? null }))),
  );
} finally {
  await client.close();
}
