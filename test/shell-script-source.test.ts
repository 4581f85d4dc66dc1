import { beforeAll, describe, expect, test } from 'vitest';
import { loadShellParser } from '../src/shell/index.js';
import { commandBeforeHeredoc, heredocOnlyScript, jsonStringSource, shellFormSource } from '../src/shell/run-script.js';
import { ScriptSource } from '../src/shell/script-source.js';
import { analyze, effectsOf, summaryOf, type RunOptions } from './shell-helpers.js';

type Row = readonly [string, readonly string[]] | readonly [string, readonly string[], RunOptions];

beforeAll(async () => {
  await loadShellParser();
});

/** The script of `RUN <rest>` as the shell gets it, with the Dockerfile text of each of its characters. */
function scriptOf(dockerfile: string, escapeChar = '\\'): { script: string; origins: string[] } {
  const start = dockerfile.indexOf('RUN') + 3;
  const source = shellFormSource(dockerfile, start, dockerfile.length, escapeChar);
  const origins = Array.from({ length: source.text.length }, (_, i) => {
    const r = source.rangeOf(i, i + 1);
    return dockerfile.slice(r.start, r.end);
  });
  return { script: source.text, origins };
}

describe('shell form: the script Docker hands to the shell', () => {
  test.each([
    ['line continuations are removed', 'RUN a \\\n  b \\  \n  c', ' a   b   c'],
    ['CRLF continuations are removed', 'RUN a \\\r\n  b\r\n', ' a   b\n'],
    ['comment lines inside a continuation are dropped', 'RUN a \\\n  # note \\\n# another\n  b', ' a   b'],
    ['empty lines inside a continuation are dropped', 'RUN a \\\n\n   \n  b', ' a   b'],
    ['a # that does not start the line stays', 'RUN a \\\n  b # c', ' a   b # c'],
    ['an escaped escape still continues (Docker does not look further)', 'RUN a\\\\\nb', ' a\\b'],
    ['text after the instruction line is heredoc content, kept as written', 'RUN cat <<EOF\n# kept \\\r\n\nEOF', ' cat <<EOF\n# kept \\\n\nEOF'],
  ])('%s', (_, dockerfile, expected) => {
    expect(scriptOf(dockerfile).script).toBe(expected);
  });

  test('the backtick escape character continues lines, and a backslash is then an ordinary character', () => {
    expect(scriptOf('RUN a \\ `\n  b', '`').script).toBe(' a \\   b');
  });

  test('every character maps to the Dockerfile character it comes from', () => {
    const { script, origins } = scriptOf('RUN a \\\r\n  # c\r\n  bé😀');
    expect(script).toBe(' a   bé😀');
    expect(origins.join('')).toBe(script);
  });

  test('a range over a removed continuation covers it in the Dockerfile', () => {
    const dockerfile = 'RUN touch /a \\\n    /b';
    const source = shellFormSource(dockerfile, 3, dockerfile.length, '\\');
    const range = source.rangeOf(1, source.text.length);
    expect(dockerfile.slice(range.start, range.end)).toBe('touch /a \\\n    /b');
  });
});

describe('heredoc scripts', () => {
  test('RUN <<EOF runs the body', () => {
    const source = shellFormSource('RUN <<EOF\ntouch /a\nEOF', 3, 22, '\\');
    const body = heredocOnlyScript(source);
    expect(body?.kind === 'script' ? body.source.text : undefined).toBe('touch /a\n');
  });

  test.each([
    ['RUN <<-"EOF"\n\ttouch /a\n\tEOF', '\ttouch /a\n'],
    ["RUN <<'EOF'\ntouch /a\nEOF", 'touch /a\n'],
    ['RUN <<EOF\n#!/bin/bash\ntouch /a\nEOF', '#!/bin/bash\ntouch /a\n'],
    ['RUN <<EOF\n#!/usr/bin/env sh\ntouch /a\nEOF', '#!/usr/bin/env sh\ntouch /a\n'],
  ])('%j', (dockerfile, body) => {
    const script = heredocOnlyScript(shellFormSource(dockerfile, 3, dockerfile.length, '\\'));
    expect(script?.kind === 'script' ? script.source.text : script?.kind).toBe(body);
  });

  test('a body with another interpreter is not a shell script', () => {
    const dockerfile = 'RUN <<EOF\n#!/usr/bin/env python3\nopen("/a", "w")\nEOF';
    expect(heredocOnlyScript(shellFormSource(dockerfile, 3, dockerfile.length, '\\'))).toEqual({ kind: 'none' });
  });

  test('a command after the heredoc is moved before it, keeping offsets in order', () => {
    const dockerfile = 'RUN <<EOF bash -e\ntouch /a\nEOF';
    const moved = commandBeforeHeredoc(shellFormSource(dockerfile, 3, dockerfile.length, '\\'));
    expect(moved?.text).toBe(' bash <<EOF -e\ntouch /a\nEOF');
  });

  test.each([
    ['RUN <<EOF\nmkdir /a\ncd /a\ntouch b\nEOF', ['mkdir: mkdir /a @/a', 'touch: touch /a/b @b']],
    ['RUN <<EOF bash\nset -e\ntouch /a\nEOF', ['touch: touch /a @/a']],
    ['RUN <<EOF sh -ex\ntouch /a\nEOF', ['touch: touch /a @/a']],
    ['RUN <<EOF python3\nopen("/a", "w")\nEOF', []],
    ['RUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF', []],
    ['RUN <<EOF cat > /etc/a\nx\nEOF', ['>: write /etc/a @/etc/a']],
    ['RUN cat <<EOF > /etc/a && chmod 600 /etc/a\nx\nEOF', ['>: write /etc/a @/etc/a', 'chmod: permission /etc/a @/etc/a']],
    ['RUN <<A <<B\n1\nA\n2\nB', []],
    ['RUN bash <<EOF\ntouch $D\nEOF', ['touch: touch /d @$D'], { env: { D: '/d' } }],
    ['RUN --mount=type=cache,target=/c <<EOF\ntouch /c/x /y\nEOF', ['touch: touch /y @/y']],
  ] satisfies Row[])('%j', (run, expected, options?: RunOptions) => {
    expect(summaryOf(run, { workdir: '/w', ...options })).toEqual(expected);
  });

  test('ranges inside a heredoc body point into the body', () => {
    expect(effectsOf('RUN <<EOF\nset -e\n  chown -R app /data\nEOF')).toEqual([
      { kind: 'permission', path: '/data', command: 'chown', text: 'chown -R app /data', pathText: '/data', recursive: true },
    ]);
  });

  test('two heredocs joined by && on one line are beyond tree-sitter-bash: reported unclean', () => {
    expect(analyze('RUN cat <<A > /a && cat <<B > /b\n1\nA\n2\nB').clean).toBe(false);
  });

  test('an unquoted heredoc fed to a shell is expanded by the outer shell first', () => {
    expect(summaryOf('RUN bash <<EOF\nD=/inner; touch $D\nEOF', { env: { D: '/outer' } })).toEqual(['touch: touch /outer @$D']);
    expect(summaryOf("RUN bash <<'EOF'\nD=/inner; touch $D\nEOF", { env: { D: '/outer' } })).toEqual(['touch: touch /inner @$D']);
  });
});

describe('exec form', () => {
  test.each([
    ['RUN ["mkdir", "-p", "/a", "b"]', ['mkdir: mkdir /a @"/a"', 'mkdir: mkdir /w/b @"b"']],
    ['RUN ["touch", "$D/x", "/g*"]', ['touch: touch /w/$D/x @"$D/x"', 'touch: touch /g* @"/g*"']],
    ['RUN ["sh", "-c", "cd /a && touch b"]', ['touch: touch /a/b @b']],
    ['RUN ["/bin/bash", "-lc", "touch /a"]', ['touch: touch /a @/a']],
    ['RUN ["sh", "-c", "touch \\"/a b\\" /c"]', ['touch: touch /a b @\\"/a b\\"', 'touch: touch /c @/c']],
    ['RUN ["sh", "-c", "touch /caf\\u00e9 /x"]', ['touch: touch /café @/caf\\u00e9', 'touch: touch /x @/x']],
    ['RUN ["sh", "-c", "touch $D"]', ['touch: touch /d @$D'], { env: { D: '/d' } }],
    ['RUN ["cd", "/a"]', []],
  ] satisfies Row[])('%s', (run, expected, options?: RunOptions) => {
    expect(summaryOf(run, { workdir: '/w', exec: true, ...options })).toEqual(expected);
  });

  test('the command range spans the arguments', () => {
    expect(effectsOf('RUN ["mkdir", "/a"]', { exec: true })[0]?.text).toBe('"mkdir", "/a"');
  });

  test('JSON escapes map each decoded character to its escape', () => {
    const text = 'X "a\\"b\\u00e9\\\\"';
    const source = jsonStringSource(text, { start: 2, end: text.length }, 'a"bé\\');
    expect(source.text).toBe('a"bé\\');
    const pieces = Array.from({ length: source.text.length }, (_, i) => {
      const r = source.rangeOf(i, i + 1);
      return text.slice(r.start, r.end);
    });
    expect(pieces).toEqual(['a', '\\"', 'b', '\\u00e9', '\\\\']);
  });

  test('a JSON string that does not decode to its value maps every character to the whole string', () => {
    const source = jsonStringSource('"a\\\n  b"', { start: 0, end: 8 }, 'ab');
    expect(source.rangeOf(1, 2)).toEqual({ start: 0, end: 8 });
  });
});

describe('offsets', () => {
  test('continuation lines', () => {
    expect(effectsOf('RUN apt-get update \\\n && mkdir -p \\\n      /data \\\n && touch /data/x')).toEqual([
      { kind: 'mkdir', path: '/data', command: 'mkdir', text: 'mkdir -p \\\n      /data', pathText: '/data' },
      { kind: 'touch', path: '/data/x', command: 'touch', text: 'touch /data/x', pathText: '/data/x' },
    ]);
  });

  test('CRLF line endings', () => {
    expect(effectsOf('RUN mkdir /a \\\r\n  && touch /b\r\n', { after: 'VOLUME /a\r\n' })).toEqual([
      { kind: 'mkdir', path: '/a', command: 'mkdir', text: 'mkdir /a', pathText: '/a' },
      { kind: 'touch', path: '/b', command: 'touch', text: 'touch /b', pathText: '/b' },
    ]);
  });

  test('comment lines inside a continued RUN', () => {
    expect(effectsOf('RUN touch \\\n# the file:\n    /a')).toEqual([
      { kind: 'touch', path: '/a', command: 'touch', text: 'touch \\\n# the file:\n    /a', pathText: '/a' },
    ]);
  });

  test('backtick escape character', () => {
    expect(effectsOf('RUN touch `\n    /a', { escapeChar: '`' })).toEqual([
      { kind: 'touch', path: '/a', command: 'touch', text: 'touch `\n    /a', pathText: '/a' },
    ]);
  });

  test('non-ASCII text before the path', () => {
    expect(effectsOf('RUN echo "é😀" > /données/é && touch /😀/x')).toEqual([
      { kind: 'write', path: '/données/é', command: '>', text: '> /données/é', pathText: '/données/é' },
      { kind: 'touch', path: '/😀/x', command: 'touch', text: 'touch /😀/x', pathText: '/😀/x' },
    ]);
  });

  test('sh -c: ranges inside the quoted script', () => {
    expect(effectsOf('RUN su app -c "cd /a && touch \\"b c\\"" && bash -c \'mkdir /d\'')).toEqual([
      { kind: 'touch', path: '/a/b c', command: 'touch', text: 'touch \\"b c\\"', pathText: '\\"b c\\"' },
      { kind: 'mkdir', path: '/d', command: 'mkdir', text: 'mkdir /d', pathText: '/d' },
    ]);
  });

  test('flags before the command are not part of the script', () => {
    const result = analyze('RUN --mount=type=cache,target=/c \\\n    --network=none touch /a');
    expect(result.effects.map((e) => result.text.slice(e.range.start, e.range.end))).toEqual(['touch /a']);
  });

  test('a value with no exact origin maps to its whole word', () => {
    const source = ScriptSource.spanning('abc', { start: 5, end: 9 });
    expect(source.rangeOf(1, 2)).toEqual({ start: 5, end: 9 });
    expect(source.slice(1, 3).rangeOf(0, 0)).toEqual({ start: 5, end: 5 });
  });
});
