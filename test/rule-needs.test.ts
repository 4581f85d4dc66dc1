import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { fastPathScope, mayHaveFindings } from '../src/engine/fast-path.js';
import { lintText, loadShellAnalysis } from '../src/engine/linter.js';
import type { DockerfileRule, RuleNeed } from '../src/rule-api/types.js';
import { buildBaseImageTable } from '../src/model/base-images.js';
import { buildModel } from '../src/model/build.js';
import { needsShellAnalysis } from '../src/engine/rule-run.js';

/** A rule that reports every RUN (and, when `readRuns`, reads its effects), needing `needs`. */
function everyRun(needs: RuleNeed[], readRuns = false): DockerfileRule {
  return {
    meta: {
      id: 'test-every-run',
      type: 'problem',
      reads: 'dockerfile',
      needs,
      docs: { description: 'Every RUN (test rule).', url: 'https://example.test/every-run.md' },
      defaultSeverity: 'warn',
      messages: { run: 'a RUN' },
    },
    check(context) {
      for (const instruction of context.model.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        if (readRuns) context.runEffects(instruction);
        context.report({ messageId: 'run', range: instruction.keywordRange, instruction });
      }
    },
  };
}

const lintWith = async (rule: DockerfileRule, text: string): Promise<string[]> =>
  (await lintText(text, { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules: [rule] })).messages.map((m) => m.messageId ?? m.message);

const PLAIN = 'FROM debian:12\nRUN touch /x\n';
const DECLARES = 'FROM debian:12\nVOLUME /data\nRUN touch /x\n';
const KNOWN_BASE = 'FROM postgres:16\nRUN touch /x\n';

describe('what a rule declares it needs decides where it runs', () => {
  beforeAll(() => loadShellAnalysis());

  it('runs a rule with no scope need on every file: the fast path is off', async () => {
    expect(fastPathScope([everyRun([])])).toBeNull();
    expect(await lintWith(everyRun([]), PLAIN)).toEqual(['run']);
  });

  it.each<[RuleNeed[], [boolean, boolean, boolean]]>([
    [['declared-volume'], [false, true, false]],
    [['base-image-facts'], [false, false, true]],
    [['volume-in-scope'], [false, true, true]],
    [['declared-volume', 'base-image-facts'], [false, false, false]],
  ])('a rule needing %j runs on [plain, declares VOLUME, known base image] = %j', async (needs, expected) => {
    const fired = await Promise.all([PLAIN, DECLARES, KNOWN_BASE].map(async (text) => (await lintWith(everyRun(needs), text)).length > 0));
    expect(fired).toEqual(expected);
  });

  it('scans only for what the enabled rules need', () => {
    const table = buildBaseImageTable();
    const scan = (needs: RuleNeed[], text: string): boolean => mayHaveFindings(text, table, {}, fastPathScope([everyRun(needs)]));
    expect(scan(['declared-volume'], KNOWN_BASE)).toBe(false);
    expect(scan(['base-image-facts'], DECLARES)).toBe(false);
    expect(scan(['volume-in-scope'], KNOWN_BASE)).toBe(true);
    expect(scan(['declared-volume', 'base-image-facts'], DECLARES)).toBe(true);
  });

  it('loads the shell analysis for a rule that classifies the command only when the command runs a script', () => {
    const table = buildBaseImageTable();
    const needs = (ruleNeeds: RuleNeed[], text: string): boolean =>
      needsShellAnalysis([everyRun(ruleNeeds)], buildModel(`FROM busybox\nVOLUME /d\n${text}\n`, { buildArgs: {}, baseImages: table }));
    expect(needs(['container-command'], 'CMD ["sleep", "infinity"]')).toBe(false);
    expect(needs(['container-command'], 'ENTRYPOINT ["tini", "--"]\nCMD ["sleep", "infinity"]')).toBe(false);
    expect(needs(['container-command'], 'CMD sleep infinity')).toBe(true);
    expect(needs(['container-command'], 'ENTRYPOINT ["tini", "--", "sh", "-c"]\nCMD ["sleep 1"]')).toBe(true);
    expect(needs(['declared-volume'], 'CMD sleep infinity')).toBe(false);
  });

  it('refuses RUN effects to a rule that does not declare the need', async () => {
    // The engine's error becomes the file's fatal message (issue 12: one failing file does not stop the run).
    expect(await lintWith(everyRun(['declared-volume'], true), DECLARES)).toEqual([expect.stringMatching(/does not declare the need 'run-effects'/)]);
    expect(await lintWith(everyRun(['declared-volume', 'run-effects'], true), DECLARES)).toEqual(['run']);
  });
});
