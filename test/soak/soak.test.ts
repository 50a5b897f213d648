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
    // Kept short and first: CI shows the end of the output, and a diff of id arrays hides the why.
    const why = [
      ...r.lostDetail.slice(0, 20),
      ...r.timeline,
      JSON.stringify({ ...r, lost: r.lost.length, lostDetail: undefined, timeline: undefined }),
      ...Object.entries(r.unseenOnNodes).map(
        ([who, u]) => `unseen by ${who}: ${JSON.stringify(u.slice(0, 10))}`,
      ),
      ...lines.slice(-20),
    ].join('\n');
    expect(r.succeeded, why).toBeGreaterThan(0);
    expect(
      Object.values(r.faults).reduce((a, b) => a + b, 0),
      why,
    ).toBeGreaterThan(2);
    expect(r.kills, why).toBeGreaterThan(0);
    expect(r.failedWithoutCode, why).toBe(0);
    expect(r.lost.length, why).toBe(0);
    expect(r.duplicated.length, why).toBe(0);
    expect(r.unknownDuplicated.length, why).toBe(0);
  }, 600_000);
});
