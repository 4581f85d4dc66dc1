import { applyFix } from '../../src/engine/normalize-fixes.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import { decodeSource } from '../../src/engine/source.js';
import { isDockerfileRule, type LintMessage } from '../../src/rule-api/types.js';
import { ALL_FIXES } from '../../src/fix/apply.js';
import { fixBytes, type FixOptions } from '../../src/fix/fix-files.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * `fixtures/fix/NAME.Dockerfile` → `NAME.fixed.Dockerfile`: what `--fix` (safe fixes) makes of it, byte for byte
 * (an identical file says "never fixed"). `NAME.unsafe-fixed.Dockerfile`, when present: what `--fix --unsafe-fixes`
 * makes of it, when that differs. `NAME.suggested.Dockerfile`, when present: the file after applying the first
 * suggestion of the first finding that has one.
 */
const dir = path.join(repoRoot, 'fixtures/fix');
const inputs = readdirSync(dir).filter((f) => f.endsWith('.Dockerfile') && !/\.(fixed|unsafe-fixed|suggested)\.Dockerfile$/.test(f));

const options: FixOptions = {
  rules,
  configFor: () => DEFAULT_CONFIG,
  shouldFix: () => true,
  write: false,
  onWriteError: () => undefined,
};

function decode(bytes: Uint8Array): { text: string; bom: boolean } {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded;
}

async function messagesOf(file: string): Promise<LintMessage[]> {
  const { text } = decode(readFileSync(path.join(dir, file)));
  return (await lintText(text, { filePath: file, config: DEFAULT_CONFIG, rules })).messages;
}

describe('fix fixtures', () => {
  it.each(inputs)('%s', async (name) => {
    const input = readFileSync(path.join(dir, name));
    const expected = readFileSync(path.join(dir, name.replace(/\.Dockerfile$/, '.fixed.Dockerfile')));
    const result = await fixBytes(input, name, options);
    const actual = result.output === undefined ? input : Buffer.from(result.output, 'utf8');
    expect(actual.toString('utf8')).toBe(expected.toString('utf8'));
    expect(actual.equals(expected)).toBe(true);
    expect(result.output === undefined).toBe(input.equals(expected));
    // A second run over the fixed file changes nothing and leaves nothing fixable.
    const again = await fixBytes(expected, name, options);
    expect(again.output).toBeUndefined();
    expect(again.fixableErrorCount + again.fixableWarningCount).toBe(0);

    const unsafeFile = path.join(dir, name.replace(/\.Dockerfile$/, '.unsafe-fixed.Dockerfile'));
    const unsafe = await fixBytes(input, name, { ...options, applicability: ALL_FIXES });
    const unsafeOutput = unsafe.output ?? input.toString('utf8');
    if (existsSync(unsafeFile)) {
      expect(unsafeOutput).toBe(readFileSync(unsafeFile, 'utf8'));
      expect(unsafeOutput, `${name}: the unsafe fixes change nothing, so it needs no .unsafe-fixed.Dockerfile`).not.toBe(actual.toString('utf8'));
    } else {
      expect(unsafeOutput, `${name}: --unsafe-fixes changes it, so it needs a .unsafe-fixed.Dockerfile`).toBe(actual.toString('utf8'));
    }

    const suggestedFile = path.join(dir, name.replace(/\.Dockerfile$/, '.suggested.Dockerfile'));
    const withSuggestion = (await messagesOf(name)).find((m) => m.suggestions !== undefined);
    let suggested: Buffer | undefined;
    try {
      suggested = readFileSync(suggestedFile);
    } catch {
      expect(withSuggestion, `${name} has suggestions but no .suggested.Dockerfile`).toBeUndefined();
      return;
    }
    const fix = withSuggestion?.suggestions?.[0]?.fix;
    if (!fix) throw new Error(`${name} has a .suggested.Dockerfile but no suggestion`);
    const { text, bom } = decode(input);
    const applied = (bom ? '\uFEFF' : '') + applyFix(text, fix);
    expect(applied).toBe(suggested.toString('utf8'));
  });

  it('cover every rule that can fix or suggest', async () => {
    const fixedBy = new Set<string>();
    const suggestedBy = new Set<string>();
    for (const name of inputs) {
      const messages = await messagesOf(name);
      for (const m of messages) if (m.fix && m.ruleId) fixedBy.add(m.ruleId);
      const first = messages.find((m) => m.suggestions !== undefined);
      if (first?.ruleId) suggestedBy.add(first.ruleId);
    }
    // Compose and script rules show theirs in test/runtime-fixes.test.ts.
    for (const rule of rules.filter(isDockerfileRule)) {
      if (rule.meta.fixable) expect(fixedBy, `no fixture in fixtures/fix shows ${rule.meta.id}'s fix`).toContain(rule.meta.id);
      if (rule.meta.hasSuggestions) expect(suggestedBy, `no fixture in fixtures/fix shows ${rule.meta.id}'s suggestion`).toContain(rule.meta.id);
    }
  });
});
