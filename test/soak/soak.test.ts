import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.js';

/**
 * The short soak that runs in CI (`npm run soak -- --minutes N` runs it longer): one minute of
 * random faults with continuous sends, receives and a SIGKILLed receiver.
 */
describe('soak under random faults (1 minute)', () => {
  it('every successful send arrives exactly once, nothing is doubled, every failure has a code', async () => {
    const lines: string[] = [];
    const r = await runSoak({ minutes: 1, seed: 20261201, log: (l) => lines.push(l) });
    const why = JSON.stringify({ ...r, log: lines.slice(-40) }, null, 1);
    expect(r.succeeded, why).toBeGreaterThan(0);
    expect(
      Object.values(r.faults).reduce((a, b) => a + b, 0),
      why,
    ).toBeGreaterThan(2);
    expect(r.kills, why).toBeGreaterThan(0);
    expect(r.failedWithoutCode, why).toBe(0);
    expect(r.lost, why).toEqual([]);
    expect(r.duplicated, why).toEqual([]);
    expect(r.unknownDuplicated, why).toEqual([]);
  }, 600_000);
});
