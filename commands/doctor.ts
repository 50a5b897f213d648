import { BaseCommand } from '../src/cli/base-command.js';
import { SessionError } from '../src/errors.js';
import type { DoctorResult } from '../src/actions/doctor.js';

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary =
    'Check the network, the seeds, the profile, its keystore and database, a path and the clock.';
  static override description = `One line per check with a verdict (ok, warn, FAIL) and the next step on failure. Nothing is
unlocked: doctor never asks for a passphrase. Exits non-zero when a check fails, with the exit code of
the first failure (3 network, 6 local state, …); --json gives every check under result (or, on
failure, under error.details.checks).`;
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --network ./.devnet/devnet.json --json | jq ".result.checks[] | select(.verdict != \\"ok\\")"',
  ];

  async run(): Promise<DoctorResult> {
    const { runDoctor } = await import('../src/actions/doctor.js');
    const { dataDirFrom } = await import('../src/cli/context.js');
    const { verboseLogger } = await import('../src/cli/client-flags.js');
    const r = await runDoctor({
      dataDir: dataDirFrom(this.flags['data-dir']),
      profile: this.flags.profile,
      network: this.flags.network,
      signal: this.signal,
      ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
    });
    if (!this.jsonEnabled()) {
      for (const c of r.checks) {
        const mark = c.verdict === 'ok' ? 'ok  ' : c.verdict === 'warn' ? 'warn' : 'FAIL';
        this.log(
          `${mark}  ${c.id.padEnd(8)} ${c.detail}${c.next && c.verdict !== 'ok' ? `\n      next: ${c.next}` : ''}`,
        );
      }
    }
    const failed = r.checks.filter((c) => c.verdict === 'fail');
    if (failed.length > 0) {
      throw new SessionError(
        failed[0]!.code ?? 'INTERNAL',
        `${failed.length} of ${r.checks.length} checks failed (first: ${failed[0]!.id}: ${failed[0]!.detail})`,
        { details: { checks: r.checks }, ...(failed[0]!.next ? { hint: failed[0]!.next } : {}) },
      );
    }
    return r;
  }
}
