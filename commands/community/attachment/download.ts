import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { communityFlags } from '../../../src/cli/community-flags.js';
import { parseIntegerFlag } from '../../../src/cli/message-input.js';
import type { CommunityAttachmentDownload } from '../../../src/actions/community-attachment.js';

export default class CommunityAttachmentDownloadCommand extends BaseCommand<
  typeof CommunityAttachmentDownloadCommand
> {
  static override summary = 'Download an attachment of a message in a joined community room.';
  static override description = `MSG_ID is the server's message id as \`community read\` shows it; --index picks the attachment
(1 = the first, as listed). The file comes from the room's server (room files are not encrypted)
and keeps the name its sender gave it (only the last path segment), in this directory, unless --out
says otherwise. It is written to a temporary file and renamed into place only when complete.

Exit codes: 2 no such attachment index, destination exists (use --force) or bad flag value, 3
unreachable, 4 refused (no read permission) or the file is gone (expired), 6 no such message.`;
  static override examples = [
    '<%= config.bin %> community attachment download lobby 42',
    '<%= config.bin %> community attachment download lobby 42 --index 2 --out ./screen.png --json',
  ];
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    message: Args.string({ description: 'The message id (a number).', required: true, ignoreStdin: true }),
  };
  static override flags = {
    index: Flags.string({ char: 'i', description: 'Which attachment (1 = the first).', default: '1' }),
    out: Flags.string({
      char: 'o',
      description:
        "Where to write the file; a directory keeps the sender's file name (default: that name, here).",
    }),
    force: Flags.boolean({ description: 'Replace the destination if it exists.', default: false }),
    ...communityFlags,
  };

  async run(): Promise<CommunityAttachmentDownload> {
    const index = parseIntegerFlag('index', this.flags.index, { min: 1, max: 1000 });
    const { clientFromFlags } = await import('../../../src/cli/client-flags.js');
    const { downloadCommunityAttachment } = await import('../../../src/actions/community-attachment.js');
    const { formatBytes } = await import('../../../src/files/progress.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await downloadCommunityAttachment(client, this.args.room, this.args.message, {
        index,
        out: this.flags.out,
        force: this.flags.force,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Saved ${r.path} (${formatBytes(r.size)}, sha256 ${r.sha256})`);
      return r;
    } finally {
      await client.close();
    }
  }
}
