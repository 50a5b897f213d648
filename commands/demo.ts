import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { SessionError } from '../src/errors.js';

interface DemoResult {
  alice: string;
  bob: string;
  steps: { step: string; ms: number }[];
  delivered: { id: string; from: string; to: string; text: string; messageHash: string }[];
}

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary =
    'Run the whole thing on an embedded local network: two identities message each other.';
  static override description = `Starts a local Session network in a temporary directory (seed, 9 storage nodes in swarms,
file server), creates two identities, sends a message each way through 3-hop onion requests,
receives them, and narrates each step. Exits 0 only if every message arrived intact.`;
  static override examples = [
    '<%= config.bin %> demo',
    '<%= config.bin %> demo --json',
    '<%= config.bin %> demo --keep',
  ];
  static override flags = {
    keep: Flags.boolean({
      description: 'Keep the temporary directory (printed) for inspection.',
      default: false,
    }),
  };

  async run(): Promise<DemoResult> {
    const { startDevnet } = await import('../src/devnet/index.js');
    const { createIdentity } = await import('../src/identity/account.js');
    const { openClient } = await import('../src/client.js');
    const { sendMessage } = await import('../src/actions/send-message.js');
    const { receiveMessages } = await import('../src/actions/receive.js');
    const root = mkdtempSync(join(tmpdir(), 'session-demo-'));
    const steps: DemoResult['steps'] = [];
    const say = (line: string) => this.log(line);
    const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await fn();
      const ms = Math.round(performance.now() - t0);
      steps.push({ step, ms });
      say(`  ✓ ${step} (${ms} ms)`);
      return r;
    };
    const devnet = await timed(
      'start a local Session network: seed, 9 storage nodes in 3 swarms, file server',
      () => startDevnet({ dir: join(root, 'devnet'), nodes: 9, swarmSize: 3 }),
    );
    const network = join(root, 'devnet', 'devnet.json');
    const dataDir = join(root, 'data');
    const noPass = () => Promise.resolve(undefined);
    try {
      const alice = await timed('create identity "alice"', () =>
        createIdentity({
          dataDir,
          name: 'alice',
          displayName: 'Alice',
          backend: 'plaintext',
          passphrase: noPass,
        }),
      );
      const bob = await timed('create identity "bob"', () =>
        createIdentity({
          dataDir,
          name: 'bob',
          displayName: 'Bob',
          backend: 'plaintext',
          passphrase: noPass,
        }),
      );
      say(`    alice = ${alice.keys.accountId}`);
      say(`    bob   = ${bob.keys.accountId}`);
      const a = await openClient({ dataDir, profile: 'alice', network, passphrase: noPass });
      const b = await openClient({ dataDir, profile: 'bob', network, passphrase: noPass });
      try {
        const delivered: DemoResult['delivered'] = [];
        const exchange = async (from: typeof a, to: typeof b, text: string) => {
          const sent = await timed(
            `${from.info.name} sends "${text}" to ${to.info.name} (3-hop onion request to ${to.info.name}'s swarm)`,
            () =>
              sendMessage(from, {
                to: to.keys.accountId,
                text,
                ...(from.info.displayName ? { displayName: from.info.displayName } : {}),
              }),
          );
          const got = await timed(`${to.info.name} polls its swarm, decrypts and verifies`, () =>
            receiveMessages(to),
          );
          const match = got.messages.find(
            (m) => m.author === from.keys.accountId && m.text === text && m.timestamp === sent.timestamp,
          );
          if (!match) {
            throw new SessionError(
              'NOT_FOUND',
              `${to.info.name} did not receive the message from ${from.info.name} intact`,
            );
          }
          say(`    ${to.info.name} got: "${match.text}" from ${match.author.slice(0, 12)}…`);
          delivered.push({
            id: sent.id,
            from: from.keys.accountId,
            to: to.keys.accountId,
            text,
            messageHash: sent.messageHash,
          });
        };
        await exchange(a, b, 'Hello Bob, this went through three onion hops.');
        await exchange(b, a, 'Hi Alice, received and answered end to end encrypted.');
        const sync = await timed('alice polls again: her own sync copy is there for her other devices', () =>
          receiveMessages(a),
        );
        if (!a.store.messages(b.keys.accountId, 10).some((m) => m.direction === 'out')) {
          throw new SessionError('NOT_FOUND', 'alice’s sent message is missing from her store');
        }
        void sync;
        say(
          `All messages arrived intact. Onion requests: ${a.net.stats.onionRequests + b.net.stats.onionRequests}.`,
        );
        if (this.flags.keep) say(`State kept in ${root}`);
        return { alice: alice.keys.accountId, bob: bob.keys.accountId, steps, delivered };
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await devnet.stop();
      if (!this.flags.keep) rmSync(root, { recursive: true, force: true });
    }
  }
}
