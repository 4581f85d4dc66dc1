import { describe, expect, it } from 'vitest';
import { format } from '../src/report/github.js';
import { all, context, findingCount } from './report-fixtures.js';

/** Decodes like the Actions runner: `%25` last, so an escaped `%0A` stays literal. */
function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

const COMMAND = /^::(error|warning) ([^:\r\n]*)::([^\r\n]*)$/;

const commands = format(all, context)
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const match = COMMAND.exec(line);
    if (!match) throw new Error(`not a workflow command: ${line}`);
    const [, command = '', props = '', data = ''] = match;
    const properties = Object.fromEntries(
      props.split(',').map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq), unescape(p.slice(eq + 1))];
      }),
    );
    return { command, properties, message: unescape(data) };
  });

describe('github format', () => {
  it('writes one workflow command per finding', () => {
    expect(commands).toHaveLength(findingCount);
    expect(commands.map((c) => c.command)).toEqual(['error', 'warning', 'error', 'warning', 'error', 'error']);
  });

  it('annotates the range with the rule as title', () => {
    expect(commands[0]).toEqual({
      command: 'error',
      properties: { file: 'Dockerfile', line: '3', col: '17', endLine: '3', endColumn: '28', title: 'write-after-volume' },
      message: 'Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
    });
    expect(commands[4]?.properties).toEqual({ file: 'broken/Dockerfile', line: '2', col: '5', endLine: '2', endColumn: '10', title: 'volint' });
  });

  it('escapes %, line breaks, and : and , in properties', () => {
    expect(commands[1]?.message).toBe('chown of a volume, ignored at run time: 100% lost,\nsee docs');
    expect(format(all, context)).toContain('::chown of a volume, ignored at run time: 100%25 lost,%0Asee docs\n');
    expect(commands[3]?.properties.file).toBe('sub dir/ü,a:b&c.Dockerfile');
    expect(format(all, context)).toContain('file=sub dir/ü%2Ca%3Ab&c.Dockerfile,');
  });

  it('leaves out columns when the range spans lines, as the runner requires', () => {
    expect(commands[5]?.properties).toEqual({ file: '/elsewhere/Containerfile', line: '3', endLine: '4', title: 'write-after-volume' });
  });

  it('prints nothing without findings', () => {
    expect(format([], context)).toBe('');
  });
});
