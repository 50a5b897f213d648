import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { backendChoice, dataDirFrom, newIdentityFlags, passphraseSource } from '../../src/cli/context.js';
import { promptHidden, readStdin } from '../../src/cli/prompt.js';
import { SessionError } from '../../src/errors.js';
import { createIdentity } from '../../src/identity/account.js';

export default class IdentityRestore extends BaseCommand<typeof IdentityRestore> {
  static override summary = 'Restore an identity from its Recovery Password.';
  static override description = `Reads the 13-word Recovery Password from standard input when it is not a terminal, from
--file PATH, or from a hidden prompt. Never from an argument (arguments end up in shell history and
process lists). A wrong word count, unknown word or wrong checksum word exits 2 with
INVALID_MNEMONIC and creates nothing.`;
  static override examples = [
    'echo "$PHRASE" | <%= config.bin %> identity restore --name alice --json',
    '<%= config.bin %> identity restore --name alice --file ./recovery.txt',
    '<%= config.bin %> identity restore --name alice   # prompts without echo',
  ];
  static override flags = {
    file: Flags.string({ description: 'Read the Recovery Password from this file.' }),
    ...newIdentityFlags,
  };

  async run(): Promise<{ accountId: string; profile: string; secretBackend: string; current: boolean }> {
    const f = this.flags;
    let phrase: string;
    if (f.file !== undefined) {
      try {
        phrase = await readFile(f.file, 'utf8');
      } catch (cause) {
        throw new SessionError('INVALID_INPUT', `cannot read ${f.file}`, { cause });
      }
    } else if (!process.stdin.isTTY) {
      phrase = await readStdin();
    } else {
      phrase = await promptHidden('Recovery Password: ');
    }
    const result = await createIdentity({
      dataDir: dataDirFrom(f['data-dir']),
      name: f.name,
      recoveryPassword: phrase,
      ...(f['display-name'] === undefined ? {} : { displayName: f['display-name'] }),
      backend: backendChoice(f['no-passphrase']),
      passphrase: passphraseSource({ file: f['passphrase-file'], confirm: true }),
    });
    if (result.info.secretBackend === 'plaintext') {
      this.note(
        'the seed is stored WITHOUT a passphrase (0600 file); anyone who can read it owns this account',
      );
    }
    this.log(`Restored identity "${result.info.name}": ${result.keys.accountId}`);
    return {
      accountId: result.keys.accountId,
      profile: result.info.name,
      secretBackend: result.info.secretBackend,
      current: result.current,
    };
  }
}
