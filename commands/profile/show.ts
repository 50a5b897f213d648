import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import type { OwnProfileView } from '../../src/actions/sync-profile.js';

export default class ProfileShow extends BaseCommand<typeof ProfileShow> {
  static override summary = 'Show your profile: display name, picture, Note to Self settings (no network).';
  static override description =
    'As the local store and your UserProfile config hold it (what `sync now` / `message receive` last merged from your other devices).';
  static override examples = ['<%= config.bin %> profile show', '<%= config.bin %> profile show --json'];

  async run(): Promise<OwnProfileView> {
    const { showOwnProfile } = await import('../../src/actions/sync-profile.js');
    const p = await withStore(this.flags, (s, info) => showOwnProfile(s, info));
    this.log(`Profile:        ${p.profile}`);
    this.log(`Account ID:     ${p.accountId}`);
    this.log(`Display name:   ${p.displayName ?? '(none)'}`);
    this.log(`Picture:        ${p.avatarUrl ?? '(none)'}`);
    this.log(`Community DMs:  ${p.communityRequests ? 'from anyone' : 'from contacts only'}`);
    if (p.noteToSelf.priority !== 0)
      this.log(`Note to Self:   ${p.noteToSelf.priority > 0 ? 'pinned' : 'hidden'}`);
    if (p.noteToSelf.disappearingSeconds > 0)
      this.log(`Note to Self:   messages disappear ${p.noteToSelf.disappearingSeconds}s after sending`);
    return p;
  }
}
