import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityJoin extends BaseCommand<typeof CommunityJoin> {
  static override summary = 'Join a community room (SOGS) by its URL.';
  static override description = `URL is https://host/room?public_key=<64 hex> (also the /r/room form, a base64 or base32z key,
or no scheme, which means http://). The server's capabilities and the room's info are fetched (signed
with your 15-blinded key, over an onion path unless --direct) and the room is stored; \`community watch\`
then shows what happens in it from now on. Joining again is harmless.

Exit codes: 2 malformed URL or room token (before any network traffic), 3 server unreachable,
4 refused (no such room, no permission).`;
  static override examples = [
    '<%= config.bin %> community join "https://open.getsession.org/session?public_key=a03c…1238"',
  ];
  static override args = {
    url: Args.string({ description: 'Community URL with ?public_key=.', required: true, ignoreStdin: true }),
  };
  static override flags = { ...communityFlags };

  async run() {
    const { parseCommunityUrl } = await import('../../src/communities/url.js');
    parseCommunityUrl(this.args.url); // refused before the profile is opened
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { joinCommunity } = await import('../../src/actions/community-join.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await joinCommunity(client, this.args.url, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`${r.already ? 'Already joined' : 'Joined'} ${r.name ?? r.token} (${r.room})`);
      return r;
    } finally {
      await client.close();
    }
  }
}
