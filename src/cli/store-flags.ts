import { openDatabase } from '../store/database.js';
import { MessageStore } from '../store/messages.js';
import { ProfileDirectory, type ProfileInfo } from '../store/profiles.js';
import { dataDirFrom } from './context.js';

/** Opens the current profile's local store (no secrets, no network) for offline commands. */
export async function withStore<T>(
  flags: { 'data-dir'?: string | undefined; profile?: string | undefined },
  fn: (store: MessageStore, info: ProfileInfo, dirs: ProfileDirectory) => Promise<T> | T,
): Promise<T> {
  const dirs = new ProfileDirectory(dataDirFrom(flags['data-dir']));
  const info = await dirs.resolve(flags.profile);
  const db = await openDatabase(dirs.databasePath(info.name));
  try {
    return await fn(new MessageStore(db), info, dirs);
  } finally {
    db.close();
  }
}
