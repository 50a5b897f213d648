import { runSoak, soakPassed } from './soak.js';

/** `npm run soak -- --minutes N [--seed S]`: prints the counts; exit 1 when a guarantee broke. */
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const minutes = arg('minutes', 5);
const seed = arg('seed', Date.now() % 1_000_000);
console.error(`soak: ${minutes} min, seed ${seed}`);
const report = await runSoak({ minutes, seed, log: (l) => console.error(`  ${l}`) });
console.log(JSON.stringify({ seed, ...report }, null, 2));
process.exit(soakPassed(report) ? 0 : 1);
