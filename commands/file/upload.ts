import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import type { FileUploadResult } from '../../src/actions/file-transfer.js';

export default class FileUpload extends BaseCommand<typeof FileUpload> {
  static override summary =
    'Encrypt a file and upload it to the file server; print its URL (key in the fragment).';
  static override description = `The file is encrypted on this machine (messages.md §5.1, or §5.2 with --stream) and sent
through an onion path, so the server sees neither the contents nor who uploaded it. The printed URL
carries the key, digest and size after '#': anyone with the URL can download and decrypt the file
with \`session file download URL\`; the fragment is never sent to the server. At most 10,000,000
bytes; files expire on the server after about two weeks.`;
  static override examples = [
    '<%= config.bin %> file upload ./photo.jpg',
    '<%= config.bin %> file upload ./report.pdf --json | jq -r .result.url',
    '<%= config.bin %> file upload ./a.bin --server http://files.example.org --server-key 09324794…ef34',
  ];
  static override args = {
    path: Args.string({ description: 'The file to upload.', required: true }),
  };
  static override flags = {
    server: Flags.string({
      description: 'Another file server, by URL (http://host[:port]); needs --server-key.',
      dependsOn: ['server-key'],
    }),
    'server-key': Flags.string({
      description: "That server's X25519 public key (64 hex characters).",
      dependsOn: ['server'],
    }),
    stream: Flags.boolean({
      description: 'Use the streaming format (§5.2, URL flag d) instead of the default legacy format.',
      default: false,
    }),
  };

  async run(): Promise<FileUploadResult> {
    const { uploadFile } = await import('../../src/actions/file-transfer.js');
    const { progressDisplay } = await import('../../src/files/progress.js');
    const { verboseLogger } = await import('../../src/cli/client-flags.js');
    const progress = progressDisplay(process.stderr, { enabled: !this.jsonEnabled() && !this.quiet });
    try {
      const r = await uploadFile(this.args.path, {
        network: this.flags.network,
        server: this.flags.server,
        serverKey: this.flags['server-key'],
        format: this.flags.stream ? 'v2' : 'v1',
        signal: this.signal,
        onProgress: (p) => progress.onProgress(p),
        ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
      });
      progress.finish();
      this.log(r.url);
      return r;
    } finally {
      progress.finish();
    }
  }
}
