import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDockerfileName } from '../model/file-name.js';
import { isComposeFileName } from '../compose/names.js';
import type { FileKind } from '../rule-api/types.js';
import { scriptKind } from '../scripts/kinds.js';

/** Language ids editors give Dockerfiles (VS Code, Neovim, Helix, Zed and eglot all use `dockerfile`). */
const DOCKERFILE_LANGUAGES = new Set(['dockerfile', 'containerfile']);
/** VS Code's Docker extension calls Compose files `dockercompose`; Neovim `yaml.docker-compose`. */
const COMPOSE_LANGUAGES = new Set(['dockercompose', 'docker-compose', 'yaml.docker-compose']);
/** `shellscript` in VS Code, `sh`/`bash` in Neovim, Helix and Zed; Makefiles are `makefile`/`make`. */
const SCRIPT_LANGUAGES = new Set(['shellscript', 'sh', 'bash', 'makefile', 'make']);

/**
 * What volint lints a document as, from the editor's language id and the name (and, for a script without
 * extension, its shebang): a Dockerfile, a Compose file (a `yaml` document only under a Compose name), a script;
 * undefined for anything else.
 */
export function documentKind(uri: string, languageId: string, text = ''): FileKind | undefined {
  const language = languageId.toLowerCase();
  const name = uriBaseName(uri) ?? '';
  if (DOCKERFILE_LANGUAGES.has(language)) return 'dockerfile';
  if (COMPOSE_LANGUAGES.has(language) || isComposeFileName(name)) return 'compose';
  const pathname = uriPath(uri) ?? name;
  if (scriptKind(pathname, text) || SCRIPT_LANGUAGES.has(language)) return 'script';
  return isDockerfileName(name) ? 'dockerfile' : undefined;
}

/** A document is linted when the editor calls it a Dockerfile, a Compose file or a script, or its name says so. */
export function isDockerfileDocument(uri: string, languageId: string, text = ''): boolean {
  return documentKind(uri, languageId, text) !== undefined;
}

function uriPath(uri: string): string | undefined {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
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
