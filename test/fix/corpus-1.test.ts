import { describe, expect, it } from 'vitest';
import { checkCorpusShard, corpus, corpusPresent } from './corpus-check.js';

if (!corpusPresent) console.log(`Skipping the autofix corpus property test (shard 1 of 2): ${corpus} is absent.`);

describe.skipIf(!corpusPresent)('autofix over the corpus, shard 1 of 2', () => {
  it('never breaks a file, settles in one run, leaves nothing fixable and adds no finding', async () => {
    const tally = await checkCorpusShard(0, 2);
    console.log(`autofix corpus shard 1/2: ${tally.texts} texts checked, ${tally.fixed} changed by fixing`);
    expect(tally.problems).toEqual([]);
    expect(tally.fixed).toBeGreaterThan(0);
  });
});
