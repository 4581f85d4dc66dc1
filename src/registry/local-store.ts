import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { ImageConfig } from './client.js';

export interface LocalImage {
  /** The image ID (digest of its config). */
  id: string;
  config: ImageConfig;
  tool: string;
}

const TOOLS = ['docker', 'podman', 'buildah'] as const;

/**
 * The container CLIs on PATH, in the order they are asked (none is required: without one, images come from their
 * registry). A docker CLI without a running daemon is common, so each one is asked until one has the image.
 */
export function findContainerTools(env: NodeJS.ProcessEnv = process.env): { tool: string; file: string }[] {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  const found: { tool: string; file: string }[] = [];
  for (const tool of TOOLS) {
    search: for (const dir of dirs) {
      for (const ext of extensions) {
        const file = path.join(dir, tool + ext);
        try {
          accessSync(file, constants.X_OK);
          found.push({ tool, file });
          break search;
        } catch {
          // Not here.
        }
      }
    }
  }
  return found;
}

/**
 * The config of an image in the local store, as `docker image inspect`, `podman image inspect` or `buildah inspect`
 * shows it; undefined when the store does not have it or the tool fails (a daemon that is not running, say).
 */
export async function inspectLocalImage(ref: string, tool: { tool: string; file: string }, env: NodeJS.ProcessEnv = process.env): Promise<LocalImage | undefined> {
  const args = tool.tool === 'buildah' ? ['inspect', '--type', 'image', '--', ref] : ['image', 'inspect', '--', ref];
  const output = await run(tool.file, args, env);
  if (output === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(output);
    if (tool.tool === 'buildah') {
      const b = data as { FromImageID?: string; OCIv1?: { config?: ImageConfig }; Docker?: { config?: ImageConfig } };
      const config = b.OCIv1?.config ?? b.Docker?.config;
      if (!config || !b.FromImageID) return undefined;
      return { id: `sha256:${b.FromImageID.replace(/^sha256:/, '')}`, config, tool: tool.tool };
    }
    const [first] = data as { Id?: string; Config?: ImageConfig }[];
    if (!first?.Id || !first.Config) return undefined;
    return { id: first.Id, config: first.Config, tool: tool.tool };
  } catch {
    return undefined;
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true, timeout: 10_000 });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => { resolve(undefined); });
    child.on('close', (code) => { resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined); });
  });
}
