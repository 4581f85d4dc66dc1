import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialKeys } from './reference.js';

export interface Credentials {
  username: string;
  password: string;
}

interface AuthFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/**
 * The files that hold registry logins, in the order the tools read them: Docker's config (`$DOCKER_CONFIG` or
 * `~/.docker/config.json`), then Podman's and Buildah's (`$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
 * `~/.config/containers/auth.json`).
 */
function authFiles(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  const files = [path.join(env.DOCKER_CONFIG ?? path.join(home, '.docker'), 'config.json')];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  files.push(path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'containers', 'auth.json'));
  return files;
}

function readAuthFile(file: string): AuthFile | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return data !== null && typeof data === 'object' ? (data) : undefined;
  } catch {
    return undefined;
  }
}

/** Asks a credential helper (`docker-credential-<name> get`), the user's own program, for a registry's login. */
function fromHelper(helper: string, server: string): Credentials | undefined {
  if (!/^[\w.-]+$/.test(helper)) return undefined;
  const run = spawnSync(`docker-credential-${helper}`, ['get'], { input: server, encoding: 'utf8', timeout: 10_000, windowsHide: true });
  if (run.status !== 0 || run.error) return undefined;
  try {
    const data = JSON.parse(run.stdout) as { Username?: string; Secret?: string };
    if (typeof data.Username === 'string' && typeof data.Secret === 'string') return { username: data.Username, password: data.Secret };
  } catch {
    // A helper that prints something else knows no login for it.
  }
  return undefined;
}

/** The login the user's tools would use for a registry; undefined when there is none (anonymous pull). */
export function registryCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const keys = credentialKeys(registry);
  for (const file of authFiles(env)) {
    const data = readAuthFile(file);
    if (!data) continue;
    for (const key of keys) {
      const helper = data.credHelpers?.[key];
      if (helper) {
        const found = fromHelper(helper, key);
        if (found) return found;
      }
      const entry = data.auths?.[key];
      if (entry?.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      }
      if (entry?.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
    }
    // Docker asks its credential store about every registry that has no helper of its own.
    if (data.credsStore) {
      const found = fromHelper(data.credsStore, keys[0] ?? registry);
      if (found) return found;
    }
  }
  return undefined;
}
