import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile } from '../src/io/write-atomic.js';

const folder = (): string => mkdtempSync(path.join(tmpdir(), 'volint-write-'));

describe('replaceFile', () => {
  it('replaces the content, keeps the mode and leaves no temporary file', async () => {
    const dir = folder();
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await replaceFile(file, 'new\r\n');
    expect(readFileSync(file, 'utf8')).toBe('new\r\n');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('writes through a symbolic link, so the link stays a link', async () => {
    const dir = folder();
    const real = path.join(dir, 'real.Dockerfile');
    const link = path.join(dir, 'Dockerfile');
    writeFileSync(real, 'old\n');
    try {
      symlinkSync(real, link);
    } catch {
      console.log('skipped: symbolic links cannot be made here');
      return;
    }
    await replaceFile(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
  });

  it('leaves the original and no temporary file behind when the rename fails', async () => {
    const dir = folder();
    const target = path.join(dir, 'Dockerfile');
    // A non-empty directory cannot be replaced by a file: the rename fails after the temporary file is written.
    mkdirSync(path.join(target, 'inner'), { recursive: true });
    await expect(replaceFile(target, 'new\n')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('fails without creating anything when the file does not exist', async () => {
    const dir = folder();
    await expect(replaceFile(path.join(dir, 'missing'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
