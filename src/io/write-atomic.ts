import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a user's file (`--fix`) so that a reader, or a crash, sees either the old file or the new one, never a
 * half-written one. The file must exist; a symbolic link is followed, so the link stays a link; the file's mode is
 * kept, and its owner when the process may set it; the data is flushed to disk before the rename.
 */
export async function replaceFile(filePath: string, content: string | Uint8Array): Promise<void> {
  const target = await realpath(filePath);
  await throughTemporaryFile(target, content, await stat(target));
}

/**
 * Writes one of volint's own files (a cache) so that a parallel run never reads half of it; the folder is created
 * when missing.
 */
export async function writeFileAtomic(filePath: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  await throughTemporaryFile(filePath, content, undefined);
}

/** The content goes to a temporary file in the target's folder (a rename is atomic only within one file system), renamed over the target. */
async function throughTemporaryFile(target: string, content: string | Uint8Array, before: Stats | undefined): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.volint-${randomBytes(6).toString('hex')}.tmp`);
  const mode = before ? before.mode & 0o7777 : 0o666;
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(content);
      if (before) {
        // The umask may have cleared bits of the mode passed to open.
        await handle.chmod(mode);
        if (process.getuid?.() === 0) await handle.chown(before.uid, before.gid);
        await handle.sync();
      }
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
