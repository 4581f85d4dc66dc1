import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDockerfileName } from '../cli/discover.js';

/** Language ids editors give Dockerfiles (VS Code, Neovim, Helix, Zed and eglot all use `dockerfile`). */
const DOCKERFILE_LANGUAGES = new Set(['dockerfile', 'containerfile']);

/** A document is linted when the editor calls it a Dockerfile or its name is one the CLI would pick up. */
export function isDockerfileDocument(uri: string, languageId: string): boolean {
  if (DOCKERFILE_LANGUAGES.has(languageId.toLowerCase())) return true;
  const name = uriBaseName(uri);
  return name !== undefined && isDockerfileName(name);
}

function uriBaseName(uri: string): string | undefined {
  try {
    const { pathname } = new URL(uri);
    return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
  } catch {
    return undefined;
  }
}

/**
 * The path config files are looked up from. A document not on disk (an unsaved buffer) is treated as a
 * Dockerfile in `fallbackDir`, so it still gets the workspace's config.
 */
export function documentPath(uri: string, fallbackDir: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // A file URI that names no local path (another host): use the fallback like any unsaved buffer.
    }
  }
  return path.join(fallbackDir, uriBaseName(uri) ?? 'Dockerfile');
}
