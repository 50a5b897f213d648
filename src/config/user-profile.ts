import {
  checkName,
  getFlag,
  getInt,
  getPic,
  getString,
  setNonEmpty,
  setNonZero,
  setPic,
  setPositive,
  type ProfilePic,
} from './fields.js';
import type { ConfigDict } from './model.js';

/** UserProfile (namespace 2, groups-and-config.md §3.1): a typed view over the config data. */
export const USER_PROFILE = { namespace: 2, domain: 'UserProfile' } as const;

export class UserProfileView {
  constructor(readonly data: ConfigDict) {}

  get name(): string {
    return getString(this.data, 'n');
  }

  set name(v: string) {
    setNonEmpty(this.data, 'n', checkName(v));
  }

  get pic(): ProfilePic | undefined {
    return getPic(this.data);
  }

  /** Clearing the picture also clears the re-uploaded `P`/`Q` (LSNEW). */
  set pic(v: ProfilePic | undefined) {
    setPic(this.data, v);
    if (v === undefined) setPic(this.data, undefined, 'P', 'Q');
  }

  /** Note-to-Self priority: 0 normal, −1 hidden, > 0 pinned. */
  get ntsPriority(): number {
    return getInt(this.data, '+');
  }

  set ntsPriority(v: number) {
    setNonZero(this.data, '+', v);
  }

  /** Note-to-Self disappearing timer, seconds (0 = off). */
  get ntsExpirySeconds(): number {
    return getInt(this.data, 'e');
  }

  set ntsExpirySeconds(v: number) {
    setPositive(this.data, 'e', v);
  }

  /** Community message requests: undefined = client default. */
  get blindedMsgRequests(): boolean | undefined {
    return this.data.has('M') ? getFlag(this.data, 'M') : undefined;
  }

  set blindedMsgRequests(v: boolean | undefined) {
    if (v === undefined) this.data.delete('M');
    else this.data.set('M', v ? 1n : 0n);
  }
}
