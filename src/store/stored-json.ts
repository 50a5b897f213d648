import { SessionError } from '../errors.js';

/**
 * A JSON column we wrote ourselves: it fails to parse only in a damaged database, and that is
 * then said so with the stable code (STORE_CORRUPT, exit 6) instead of a crash. `what` names the
 * value for the message ("the reactions of a community message"), `where` the database.
 */
export function storedJson<T>(text: string, what: string, where = 'the profile database'): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new SessionError('STORE_CORRUPT', `${where} is damaged: ${what} cannot be read`, { cause });
  }
}
