import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import type { FileDownloadResult } from '../../src/actions/file-transfer.js';

export default class FileDownload extends BaseCommand<typeof FileDownload> {
  static override summary = 'Download a file by its Session file URL, verify and decrypt it.';
  static override description = `The URL is what \`session file upload\` prints: the key (and, for the legacy format, the digest
and size) is in the fragment after '#'. The file is verified in full (MAC and digest, or every
stream chunk) before a byte is written; it is written to a temporary file next to the destination
and renamed into place only when complete, so a refused or interrupted download leaves nothing.
A tampered file fails with exit 5 (DECRYPT_FAILED).`;
  static override examples = [
    '<%= config.bin %> file download "http://filev2.getsession.org/file/123#k=…&h=…&s=4096" --out photo.jpg',
    '<%= config.bin %> file download "$URL" --out ./report.pdf --force --json',
  ];
  static override args = {
    url: Args.string({ description: 'The Session file URL, with its key in the fragment.', required: true }),
  };
  static override flags = {
    out: Flags.string({
      char: 'o',
      description: 'Where to write the file (default: the file id, in this directory).',
    }),
    force: Flags.boolean({ description: 'Replace the destination if it exists.', default: false }),
    server: Flags.string({
      description: 'The file server a URL without p=/x= refers to, by URL; needs --server-key.',
      dependsOn: ['server-key'],
    }),
    'server-key': Flags.string({
      description: "That server's X25519 public key (64 hex characters).",
      dependsOn: ['server'],
    }),
  };

  async run(): Promise<FileDownloadResult> {
    const { downloadFile } = await import('../../src/actions/file-transfer.js');
    const { progressDisplay, formatBytes } = await import('../../src/files/progress.js');
    const { verboseLogger } = await import('../../src/cli/client-flags.js');
    const progress = progressDisplay(process.stderr, { enabled: !this.jsonEnabled() && !this.quiet });
    try {
      const r = await downloadFile(this.args.url, {
        network: this.flags.network,
        server: this.flags.server,
        serverKey: this.flags['server-key'],
        out: this.flags.out,
        force: this.flags.force,
        signal: this.signal,
        onProgress: (p) => progress.onProgress(p),
        ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
      });
      progress.finish();
      this.log(`Saved ${r.path} (${formatBytes(r.size)}, sha256 ${r.sha256})`);
      return r;
    } finally {
      progress.finish();
    }
  }
}
