import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { schemaPath } from '../../src/config/schema.js';
import { UNUSED_IGNORE_META } from '../../src/engine/ignores.js';
import { isDockerfileRule, kindsRead } from '../../src/rule-api/types.js';
import { repoRoot } from '../helpers/cli.js';

// What the registry (rules/index.ts) lists is what every other list of rules must say, in the same order.
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

  it('is what the config schema lists, and nothing else', () => {
    const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.rules.properties)).toEqual(allIds);
  });

  it("is what the README's rules table lists, in its order", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Rules'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| rule')));
    const listed = [...table.matchAll(/^\| (?:\[([a-z-]+)\]\(rules\/([a-z-]+)\.md\)|`([a-z-]+)`) \|/gm)].map((m) => {
      if (m[1] !== undefined) expect(m[2]).toBe(m[1]);
      return m[1] ?? m[3];
    });
    expect(listed).toEqual(allIds);
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
