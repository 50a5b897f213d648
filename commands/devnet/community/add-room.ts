import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { control } from '../../../src/cli/devnet-control.js';
import { SessionError } from '../../../src/errors.js';

export default class DevnetCommunityAddRoom extends BaseCommand<typeof DevnetCommunityAddRoom> {
  static override summary = "Add a room to the local network's community server (or rename one).";
  static override description = `The room is listed in devnet.json under community.rooms with its join URL
(<url>/<token>?public_key=<server pubkey>). Tokens are 1-64 letters, digits, _ and -.`;
  static override examples = [
    '<%= config.bin %> devnet community add-room dev --name "Dev talk" --dir ./.devnet',
  ];
  static override args = {
    token: Args.string({ description: 'Room token ([A-Za-z0-9_-], 1-64 characters).', required: true }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Directory of the network.', required: true }),
    name: Flags.string({ description: 'Display name (default: the token).' }),
    description: Flags.string({ description: 'Room description.' }),
  };

  async run(): Promise<{ token: string; name: string; joinUrl: string }> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.args.token))
      throw new SessionError('INVALID_INPUT', 'a room token is 1-64 characters of A-Z a-z 0-9 _ -');
    const room = (await control(resolve(this.flags.dir), '/community/add-room', {
      token: this.args.token,
      name: this.flags.name ?? this.args.token,
      ...(this.flags.description === undefined ? {} : { description: this.flags.description }),
    })) as { token: string; name: string; joinUrl: string };
    this.log(`Room ${room.token} (${room.name}): ${room.joinUrl}`);
    return room;
  }
}
