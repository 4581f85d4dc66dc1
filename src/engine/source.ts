/** Turns file bytes into the text to lint, or says why it cannot be linted. */
export type DecodedSource = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

/** Far above any real Dockerfile; protects the process from a mistaken path to a disk image. */
export const MAX_SOURCE_BYTES: number = 64 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(bytes: Uint8Array): DecodedSource {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { ok: false, reason: `File is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB; it is not a Dockerfile.` };
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe)) {
    return { ok: false, reason: 'File is UTF-16 or UTF-32 encoded; Docker reads a Dockerfile as UTF-8. Save it as UTF-8.' };
  }
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) return { ok: false, reason: 'File is binary (it contains NUL bytes), not a Dockerfile.' };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'File is not valid UTF-8; Docker reads a Dockerfile as UTF-8.' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}
