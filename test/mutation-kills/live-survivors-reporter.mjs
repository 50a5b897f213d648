// A Stryker reporter that appends each surviving or uncovered mutant to a file as soon as it is
// tested (`reports/mutation/<run>/survivors.txt`), so kill tests can be written while a long run
// is still going; the html/json reports appear only at the end.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const file = `reports/mutation/${process.env.STRYKER_REPORT ?? 'all'}/survivors.txt`;

class LiveSurvivors {
  /** @param {import('@stryker-mutator/api/core').MutantResult} r */
  onMutantTested(r) {
    if (r.status !== 'Survived' && r.status !== 'NoCoverage') return;
    mkdirSync(dirname(file), { recursive: true });
    const at = `${r.fileName}:${r.location.start.line}:${r.location.start.column}`;
    appendFileSync(file, `${r.status}\t${at}\t${r.mutatorName}\t${JSON.stringify(r.replacement)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live-survivors', LiveSurvivors)];
