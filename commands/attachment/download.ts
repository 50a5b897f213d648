import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { parseIntegerFlag } from '../../src/cli/message-input.js';
import type { AttachmentDownloadResult } from '../../src/actions/attachments.js';

export default class AttachmentDownload extends BaseCommand<typeof AttachmentDownload> {
  static override summary = 'Download an attachment of a received (or sent) message, verify and decrypt it.';
  static override description = `MESSAGE_ID is the message's id (AUTHOR:TIMESTAMP) as \`message receive\` and \`message list\`
show it; --index picks the attachment (1 = the first, as listed). The file keeps the name its sender
gave it (only the last path segment), in this directory, unless --out says otherwise. It is verified
in full before a byte is written and renamed into place only when complete, so a refused or
interrupted download leaves nothing. No identity secrets are needed: the key is in the local store.

Exit codes: 2 no such attachment index, destination exists (use --force) or bad flag value, 5 the
file does not verify (DECRYPT_FAILED), 6 no such message in this profile, 3/4 network failures.`;
  static override examples = [
    '<%= config.bin %> attachment download 05…:1764584400000',
    '<%= config.bin %> attachment download 05…:1764584400000 --index 2 --out ./screen.png --json',
  ];
  static override args = {
    message: Args.string({ description: 'The message id (AUTHOR:TIMESTAMP).', required: true }),
  };
  static override flags = {
    index: Flags.string({ char: 'i', description: 'Which attachment (1 = the first).', default: '1' }),
    out: Flags.string({
      char: 'o',
      description:
        "Where to write the file; a directory keeps the sender's file name (default: that name, here).",
    }),
    force: Flags.boolean({ description: 'Replace the destination if it exists.', default: false }),
  };

  async run(): Promise<AttachmentDownloadResult> {
    const index = parseIntegerFlag('index', this.flags.index, { min: 1, max: 1000 });
    const { withStore } = await import('../../src/cli/store-flags.js');
    const { downloadMessageAttachment } = await import('../../src/actions/attachments.js');
    const { progressDisplay, formatBytes } = await import('../../src/files/progress.js');
    const { verboseLogger } = await import('../../src/cli/client-flags.js');
    const progress = progressDisplay(process.stderr, { enabled: !this.jsonEnabled() && !this.quiet });
    try {
      const r = await withStore(this.flags, (store) =>
        downloadMessageAttachment(store, this.args.message, {
          index,
          network: this.flags.network,
          out: this.flags.out,
          force: this.flags.force,
          signal: this.signal,
          onProgress: (p) => progress.onProgress(p),
          ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
        }),
      );
      progress.finish();
      this.log(`Saved ${r.path} (${formatBytes(r.size)}, sha256 ${r.sha256})`);
      return r;
    } finally {
      progress.finish();
    }
  }
}
