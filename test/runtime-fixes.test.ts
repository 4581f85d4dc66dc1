import { applyFix } from '../src/engine/normalize-fixes.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { lintText } from '../src/engine/linter.js';
import { isDockerfileRule } from '../src/rule-api/types.js';
import { ALL_FIXES } from '../src/fix/apply.js';
import { fixBytes, type FixOptions } from '../src/fix/fix-files.js';
import { repoRoot } from './helpers/cli.js';

const safeOnly: FixOptions = { rules, configFor: () => DEFAULT_CONFIG, shouldFix: () => true, write: false, onWriteError: () => undefined };
const options: FixOptions = { ...safeOnly, applicability: ALL_FIXES };
const fixture = (rule: string, file: string): string => path.join(repoRoot, 'fixtures', 'rules', rule, file);

async function firstSuggestionApplied(file: string, ruleId: string): Promise<string> {
  const text = readFileSync(file, 'utf8');
  const result = await lintText(text, { filePath: file, config: DEFAULT_CONFIG, rules });
  const fix = result.messages.find((m) => m.ruleId === ruleId)?.suggestions?.[0]?.fix;
  if (!fix) throw new Error(`no suggestion of ${ruleId} in ${file}`);
  return applyFix(text, fix);
}

describe('fixes and suggestions of the Compose and script rules', () => {
  it('inspect-volumes-field: .Volumes becomes .Mounts only with --unsafe-fixes, in a script and in a Makefile recipe', async () => {
    const script = fixture('inspect-volumes-field', 'fires-script/show-volumes.sh');
    // .Mounts prints a list where .Volumes printed a map: what reads the output may break, so --fix alone leaves it.
    const linted = await lintText(readFileSync(script, 'utf8'), { filePath: script, config: DEFAULT_CONFIG, rules });
    expect(linted.messages.map((m) => m.fix?.applicability)).toEqual(['unsafe', 'unsafe']);
    expect((await fixBytes(readFileSync(script), script, safeOnly)).output).toBeUndefined();
    const fixed = await fixBytes(readFileSync(script), script, options);
    expect(fixed.output).toBe("#!/bin/sh\ndocker inspect -f '{{.Mounts}}' db\ndocker container inspect --format '{{ json .Mounts }}' db\n");
    const again = await fixBytes(Buffer.from(fixed.output ?? ''), script, options);
    expect(again.output).toBeUndefined();
    const makefile = fixture('inspect-volumes-field', 'fires-makefile/Makefile');
    expect((await fixBytes(readFileSync(makefile), makefile, options)).output).toBe("volumes:\n\tdocker inspect -f '{{range $$k, $$v := .Mounts}}{{$$k}} {{end}}' db\n");
  });

  it('rm-leaves-anonymous-volume suggests rm -v', async () => {
    const applied = await firstSuggestionApplied(fixture('rm-leaves-anonymous-volume', 'fires-anonymous/cleanup.sh'), 'rm-leaves-anonymous-volume');
    expect(applied.split('\n')[3]).toBe('docker rm -v -f test-db');
  });

  it('named-volume-not-directory suggests the ./ path', async () => {
    const applied = await firstSuggestionApplied(fixture('named-volume-not-directory', 'fires-compose/compose.yaml'), 'named-volume-not-directory');
    expect(applied).toContain('- ./html:/usr/share/nginx/html:ro');
  });

  it('never applies a suggestion, even with --unsafe-fixes: rm -v deletes data, ./name mounts other files', async () => {
    for (const [rule, file] of [['rm-leaves-anonymous-volume', 'fires-anonymous/cleanup.sh'], ['named-volume-not-directory', 'fires-compose/compose.yaml']] as const) {
      const path = fixture(rule, file);
      const result = await fixBytes(readFileSync(path), path, options);
      expect([rule, result.messages.filter((m) => m.ruleId === rule && m.fix === undefined && m.suggestions?.length === 1).length, result.output]).toEqual([rule, 1, undefined]);
    }
  });

  it('cover every Compose and script rule that can fix or suggest', () => {
    const shown = new Set(['inspect-volumes-field', 'rm-leaves-anonymous-volume', 'named-volume-not-directory']);
    for (const rule of rules) {
      if (isDockerfileRule(rule)) continue;
      if (rule.meta.fixable || rule.meta.hasSuggestions) expect(shown).toContain(rule.meta.id);
    }
  });
});
