import { describe, expect, it } from 'vitest';
import { createConfigResolver, lintAndFix, lintText, loadFormatter, rules } from '../src/index.js';

describe('programmatic API', () => {
  it('lints and fixes a text with the shipped rules and a resolved config', async () => {
    const config = await createConfigResolver({}).configFor('/nonexistent/Dockerfile');
    const text = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';
    const result = await lintText(text, { filePath: 'Dockerfile', config, rules });
    expect(result.messages.map((m) => m.ruleId)).toEqual(['volume-write-after-declare']);
    const fixed = await lintAndFix(text, { filePath: 'Dockerfile', config, rules }, () => true);
    expect(fixed.output).toBe('FROM debian:12\nRUN mkdir -p /data\nRUN touch /data/x\nVOLUME /data\n');
    const json = await loadFormatter('json');
    expect(JSON.parse(json([result], { cwd: '/', rules: new Map(), version: '0', color: false }))).toHaveLength(1);
  });
});
