import { describe, expect, it } from 'vitest';
import { lint } from './helpers/lint.js';
import { describeRuleFixtures } from './helpers/rule-fixtures.js';

const ids = async (text: string) => (await lint(text)).map((m) => `${m.line}:${m.ruleId ?? ''}`);

describe('inline ignores', () => {
  it('ignores a rule on the instruction right below the comment', async () => {
    expect(await ids('FROM debian\nVOLUME /data\n# volint ignore=volume-write-after-declare\nRUN touch /data/x\nRUN touch /data/y\n')).toEqual([
      '5:volume-write-after-declare',
    ]);
  });

  it('accepts several rules, spaces and comment lines in between', async () => {
    const text =
      'FROM debian\nVOLUME /data\n# volint ignore = volume-write-after-declare, volume-permissions-after-declare\n# why: seeded on purpose\nRUN touch /data/x && chown a /data/x\n';
    expect(await ids(text)).toEqual([]);
  });

  it('does not reach past a blank line', async () => {
    const text = 'FROM debian\nVOLUME /data\n# volint ignore=volume-write-after-declare\n\nRUN touch /data/x\n';
    expect(await ids(text)).toEqual(['3:unused-ignore', '5:volume-write-after-declare']);
  });

  it('applies a global ignore to the whole file', async () => {
    expect(await ids('# volint global ignore=volume-write-after-declare\nFROM debian\nVOLUME /data\nRUN touch /data/x\nRUN rm /data/y\n')).toEqual([]);
  });

  it('reports unused and unknown ignores as warnings on the rule id', async () => {
    const messages = await lint('FROM debian\n# volint ignore=volume-write-after-declare,nope\nRUN true\n');
    expect(messages.map((m) => [m.ruleId, m.severity, m.line, m.column, m.endColumn])).toEqual([
      ['unused-ignore', 1, 2, 17, 43],
      ['unused-ignore', 1, 2, 44, 48],
    ]);
    expect(messages[1]?.message).toContain("Unknown rule 'nope'");
  });

  it('ignores an ONBUILD trigger through the comment above the ONBUILD', async () => {
    expect(await ids('FROM debian\nVOLUME /data\n# volint ignore=volume-write-after-declare\nONBUILD RUN touch /data/x\n')).toEqual([]);
  });

  it('can turn unused-ignore warnings off', async () => {
    expect(await lint('FROM debian\n# volint ignore=all\nRUN true\n', { rules: { 'unused-ignore': 'off' } })).toEqual([]);
  });
});

describeRuleFixtures('unused-ignore');
