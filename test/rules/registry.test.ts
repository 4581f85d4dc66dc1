import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { validateConfig } from '../../src/config/schema.js';
import { UNUSED_IGNORE_META } from '../../src/engine/ignores.js';
import { isDockerfileRule, kindsRead } from '../../src/rule-api/types.js';
import { repoRoot } from '../helpers/cli.js';
import { README, rulesTable, withTable } from '../../.ci/rules-table.mjs';

// The registry (rules/index.ts, generated from the modules of rules/) is the one list of rules; the config's rule ids
// and the README's table are derived from it.
const ids = rules.map((r) => r.meta.id);
const allIds = [...ids, UNUSED_IGNORE_META.id];

describe('the rule registry', () => {
  it('holds every rule module of rules/, each under its own id', () => {
    const modules = readdirSync(path.join(repoRoot, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect([...ids].sort()).toEqual(modules.sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(ids)('%s has its doc, its fixtures and its test', (id) => {
    expect(existsSync(path.join(repoRoot, 'rules', `${id}.md`))).toBe(true);
    expect(existsSync(path.join(repoRoot, 'fixtures', 'rules', id))).toBe(true);
    expect(existsSync(path.join(repoRoot, 'test', 'rules', `${id}.test.ts`))).toBe(true);
  });

  it('has a doc for every rule, and a rule (or the engine\'s unused-ignore) for every doc', () => {
    const docs = readdirSync(path.join(repoRoot, 'rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(docs.sort()).toEqual([...allIds].sort());
  });

  it('lists Dockerfile rules first, by id', () => {
    const dockerfile = rules.filter(isDockerfileRule).map((r) => r.meta.id);
    expect(ids.slice(0, dockerfile.length)).toEqual([...dockerfile].sort());
  });

  it('is what a config file may name', () => {
    const severities = Object.fromEntries(allIds.map((id) => [id, 'warn']));
    expect(() => validateConfig({ rules: severities }, '.volintrc.json', [], allIds)).not.toThrow();
    expect(() => validateConfig({ rules: { 'no-such-rule': 'warn' } }, '.volintrc.json', [], allIds)).toThrow(/unknown rule id/);
  });

  it("is what the README's rules table lists (npm run rules-table writes it)", () => {
    const readme = readFileSync(README, 'utf8');
    expect(withTable(readme, rulesTable([...rules.map((r) => r.meta), UNUSED_IGNORE_META]))).toBe(readme);
  });

  it.each(ids)('%s declares the kind of file it reads and what it needs', (id) => {
    const rule = rules.find((r) => r.meta.id === id);
    if (!rule) throw new Error(id);
    const kinds = kindsRead(rule);
    expect(kinds.length).toBeGreaterThan(0);
    // Dockerfile rules say what lets the engine skip a file; Compose files and scripts have no such fast path.
    if (isDockerfileRule(rule)) expect(rule.meta.needs.length).toBeGreaterThan(0);
    else expect(kinds.every((k) => k === 'compose' || k === 'script')).toBe(true);
  });
});
