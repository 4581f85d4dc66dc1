import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllAction, isWanted } from '../../src/lsp/code-actions.js';
import { documentPath, isDockerfileDocument } from '../../src/lsp/documents.js';
import { parseSettings } from '../../src/lsp/settings.js';

describe('which documents are linted', () => {
  it('takes the dockerfile language id or a Dockerfile name', () => {
    expect(isDockerfileDocument('file:///w/build.txt', 'dockerfile')).toBe(true);
    expect(isDockerfileDocument('file:///w/Dockerfile', 'plaintext')).toBe(true);
    expect(isDockerfileDocument('file:///w/api.Dockerfile', '')).toBe(true);
    expect(isDockerfileDocument('file:///w/Containerfile.prod', 'plaintext')).toBe(true);
    expect(isDockerfileDocument('file:///w/Dockerfile.md', 'markdown')).toBe(false);
    expect(isDockerfileDocument('file:///w/setup.py', 'python')).toBe(false);
    expect(isDockerfileDocument('not a uri', 'plaintext')).toBe(false);
  });

  it('looks config up from the file, or from the workspace for an unsaved buffer', () => {
    expect(documentPath('file:///w/sub%20dir/Dockerfile', '/ws')).toBe('/w/sub dir/Dockerfile');
    expect(documentPath('untitled:Untitled-1', '/ws')).toBe('/ws/Untitled-1');
  });
});

describe('settings', () => {
  const known = new Set(['volume-write-after-declare']);

  it('reads builder and rule severities, ESLint numbers included', () => {
    expect(parseSettings({ builder: 'kaniko', rules: { 'volume-write-after-declare': 0 }, trace: 'off' }, known)).toEqual({
      overrides: { builder: 'kaniko', rules: { 'volume-write-after-declare': 'off' } },
      problems: [],
    });
    expect(parseSettings(null, known)).toEqual({ overrides: {}, problems: [] });
  });

  it('drops what it cannot use and says why', () => {
    expect(parseSettings('buildkit', known).problems).toEqual(['volint settings must be an object; they are ignored.']);
    expect(parseSettings({ rules: ['x'] }, known).problems).toEqual(['volint.rules must map rule ids to off, warn or error; it is ignored.']);
  });
});

describe('code action kinds', () => {
  it('lets a kind through its own filter and its parents', () => {
    expect(isWanted('source.fixAll.volint', undefined)).toBe(true);
    expect(isWanted('source.fixAll.volint', ['source'])).toBe(true);
    expect(isWanted('source.fixAll.volint', ['source.fixAll.volint'])).toBe(true);
    expect(isWanted('source.fixAll.volint', ['source.fix'])).toBe(false);
    expect(isWanted('source.fixAll.volint', ['quickfix'])).toBe(false);
  });
});

describe('fix all edit', () => {
  const edit = (before: string, after: string) => fixAllAction(TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, before), after)?.edit?.changes?.['file:///w/Dockerfile'];

  it('covers only the changed span', () => {
    expect(edit('FROM a\nvolume /x\nRUN true\n', 'FROM a\nVOLUME /x\nRUN true\n')).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, newText: 'VOLUME' },
    ]);
    expect(edit('RUN a\nRUN b\n', 'RUN a\nRUN c\n')).toEqual([
      { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, newText: 'c' },
    ]);
    expect(edit('same', 'same')).toBeUndefined();
  });

  it('never cuts a CRLF or a surrogate pair in two', () => {
    const crlf = edit('A\r\nB', 'A\r\r\nB');
    expect(crlf).toEqual([{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, newText: '\r' }]);
    const joined = edit('A\r\nB', 'A\nB');
    expect(joined).toEqual([{ range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } }, newText: '\n' }]);
    const emoji = edit('x\u{1F600}y', 'x\u{1F601}y');
    expect(emoji).toEqual([{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, newText: '\u{1F601}' }]);
  });
});
