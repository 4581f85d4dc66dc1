import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file's content so that a reader (or a crash) sees either the old file or the new one, never a
 * half-written one: the text goes to a temporary file in the same folder (a rename is only atomic within one
 * file system), is flushed to disk, and is renamed over the original. The original's mode is kept, and its
 * owner when the process may set it. A symbolic link is followed, so the link stays a link.
 */
export async function writeFileAtomic(filePath: string, content: string | Uint8Array): Promise<void> {
  const target = await realpath(filePath);
  const before = await stat(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.volint-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', before.mode & 0o7777);
  try {
    try {
      await handle.writeFile(content);
      // The umask may have cleared bits of the mode passed to open.
      await handle.chmod(before.mode & 0o7777);
      if (process.getuid?.() === 0) await handle.chown(before.uid, before.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
