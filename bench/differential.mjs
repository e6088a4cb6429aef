// The differential section of `npm run bench`: 5,000 seeded mutants of the valid corpus through
// the engine and through `docker compose config --quiet`, and how often the verdicts agree.
// Skipped with a note when docker compose is not installed.
import * as path from 'node:path';

export async function differentialBench(root, require, row) {
  const { campaign, describe, haveCompose } = require(path.join(root, 'out/test/differential/campaign.js'));
  if (!haveCompose()) {
    console.log('differential campaign skipped: docker compose is not installed');
    row('differential campaign vs docker compose config', 'skipped', 'docker compose is not installed');
    return;
  }
  const count = Number(process.env.DIFFERENTIAL_MUTANTS ?? 5000);
  const t = performance.now();
  const outcomes = await campaign(root, 424242, count, 3);
  const seconds = (performance.now() - t) / 1000;
  const agree = outcomes.filter((o) => o.agree).length;
  const recorded = outcomes.filter((o) => !o.agree && o.recorded);
  const open = outcomes.filter((o) => !o.agree && !o.recorded);
  const rejected = outcomes.filter((o) => !o.runtime.accepts).length;
  const pct = (n) => `${((100 * n) / outcomes.length).toFixed(2)} %`;
  row(
    `differential: ${outcomes.length.toLocaleString('en-US')} mutants (${rejected} rejected by the runtime), ${seconds.toFixed(0)} s`,
    `${pct(agree)} agree`,
    '100 %',
  );
  row('  recorded disagreements (runtime checks less, or Compose 2.26 is older)', `${recorded.length} (${pct(recorded.length)})`, '');
  row('  unexplained disagreements', `${open.length}`, '0');
  for (const o of open.slice(0, 20)) console.log(`disagreement: ${describe(o)}`);
}
