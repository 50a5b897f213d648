import { Flags } from '@oclif/core';
import { secretFlags } from './context.js';

/** Flags every networked `community` command shares. */
export const communityFlags = {
  direct: Flags.boolean({
    description:
      'Talk to the community server directly over HTTP(S) instead of through an onion path (no IP privacy; for local servers).',
    default: false,
  }),
  ...secretFlags,
};
