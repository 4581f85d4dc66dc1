import { factsFromInput, type ImageFacts } from '../model/base-images.js';
import { ImageCache, userCacheDir, type CachedRef } from './cache.js';
import { RegistryClient, RegistryError, type ImageConfig } from './client.js';
import { findContainerTools, inspectLocalImage } from './local-store.js';
import { formatPlatform, hostPlatform, parsePlatform, type Platform } from './platform.js';
import { registryReference } from './reference.js';

/** A FROM image to resolve: the reference as the model expands it, and its `--platform` if the FROM has one. */
export interface ImageRequest {
  ref: string;
  platform?: string | undefined;
}

export interface ResolverOptions {
  /** Only the cache: no registry, no local store (`--offline`). */
  offline?: boolean;
  /** `--platform`: the platform to pick from an index when a FROM names none; the host's otherwise. */
  platform?: string | undefined;
  cacheDir?: string;
  /** How long a tag's answer is trusted before the registry is asked again. */
  ttlMs?: number;
  /** Ask a local docker/podman/buildah store first (default true). */
  localStore?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called once per image that cannot be resolved. */
  warn: (message: string) => void;
}

export const DEFAULT_TTL_MS: number = 24 * 60 * 60 * 1000;

/** answerNow's "only a local store or the registry can tell". */
export const PENDING: unique symbol = Symbol('pending');

/**
 * Reads the config of FROM images: the on-disk cache while it is fresh, else a local image store, else the image's
 * registry; each image is resolved once per process, and one that cannot be resolved is reported once and left to
 * the shipped facts.
 */
export class ImageResolver {
  private readonly cache: ImageCache;
  private readonly client: RegistryClient;
  private readonly memo = new Map<string, Promise<ImageFacts | undefined>>();
  private readonly known = new Map<string, ImageFacts | undefined>();
  private readonly defaultPlatform: Platform;
  private readonly defaultPlatformName: string;
  private tools: { tool: string; file: string }[] | undefined;

  constructor(private readonly options: ResolverOptions) {
    this.cache = new ImageCache(options.cacheDir ?? userCacheDir(options.env));
    this.client = new RegistryClient(options.env);
    this.defaultPlatform = (options.platform === undefined ? undefined : parsePlatform(options.platform)) ?? hostPlatform();
    this.defaultPlatformName = formatPlatform(this.defaultPlatform);
  }

  /** The facts of each image that resolves (reference → facts). */
  async resolveAll(requests: readonly ImageRequest[]): Promise<Map<string, ImageFacts>> {
    const out = new Map<string, ImageFacts>();
    const answers = await Promise.all(requests.map(async (r) => [r.ref, await this.resolve(r)] as const));
    for (const [ref, facts] of answers) if (facts && !out.has(ref)) out.set(ref, facts);
    return out;
  }

  /**
   * The answers that need no waiting, when every request has one: this process's, or the cache's while fresh (at any
   * age offline; an image not cached is then answered "unknown" and warned about). Most files of a warm run are
   * answered so, without a promise per image. Undefined when some image needs a local store or its registry.
   */
  answeredNow(requests: readonly ImageRequest[]): Map<string, ImageFacts> | undefined {
    const out = new Map<string, ImageFacts>();
    for (const r of requests) {
      const facts = this.answerNow(r);
      if (facts === PENDING) return undefined;
      if (facts && !out.has(r.ref)) out.set(r.ref, facts);
    }
    return out;
  }

  /** What is known without waiting: answers of this process and the disk cache, fresh or not. Never warns. */
  cachedAll(requests: readonly ImageRequest[]): Map<string, ImageFacts> {
    const out = new Map<string, ImageFacts>();
    for (const r of requests) {
      const key = this.key(r);
      let facts = this.known.get(key);
      if (facts === undefined && !this.known.has(key)) {
        const cached = this.cache.readRef(r.ref, key.slice(key.lastIndexOf('\n') + 1));
        facts = cached ? this.fromCache(cached) : undefined;
      }
      if (facts && !out.has(r.ref)) out.set(r.ref, facts);
    }
    return out;
  }

  resolve(request: ImageRequest): Promise<ImageFacts | undefined> {
    const now = this.answerNow(request);
    if (now !== PENDING) return Promise.resolve(now);
    const key = this.key(request);
    let pending = this.memo.get(key);
    if (!pending) {
      pending = this.lookup(request).then((facts) => {
        this.known.set(key, facts);
        return facts;
      });
      this.memo.set(key, pending);
    }
    return pending;
  }

  /**
   * The answer of this process or the cache (remembered, so that each image is read and warned about once), or
   * PENDING when only a local store or the registry can tell (resolve() then asks them).
   */
  answerNow(request: ImageRequest): ImageFacts | undefined | typeof PENDING {
    const key = this.key(request);
    const known = this.known.get(key);
    if (known !== undefined || this.known.has(key)) return known;
    if (this.memo.has(key)) return PENDING;
    const { ref } = request;
    let answer: ImageFacts | undefined | typeof PENDING = PENDING;
    const where = registryReference(ref);
    if (!where) {
      this.options.warn(`cannot resolve image ${ref}: not an image reference volint can look up; using volint's shipped facts.`);
      answer = undefined;
    } else {
      const cached = this.cache.readRef(ref, key.slice(key.lastIndexOf('\n') + 1));
      const fresh = cached && (where.tag === undefined || Date.now() - cached.checked < (this.options.ttlMs ?? DEFAULT_TTL_MS));
      const facts = cached && (fresh || this.options.offline) ? this.fromCache(cached) : undefined;
      if (facts) answer = facts;
      else if (this.options.offline) {
        this.options.warn(`cannot resolve image ${ref}: it is not in the cache (${this.cache.dir}) and --offline forbids asking its registry; using volint's shipped facts.`);
        answer = undefined;
      }
    }
    if (answer !== PENDING) this.known.set(key, answer);
    return answer;
  }

  /** Asked for every FROM of every file: most name no platform. */
  private key(request: ImageRequest): string {
    if (request.platform === undefined) return `${request.ref}\n${this.defaultPlatformName}`;
    const platform = parsePlatform(request.platform) ?? this.defaultPlatform;
    return `${request.ref}\n${formatPlatform(platform)}`;
  }

  /** The slow way, once answerNow has none: a local store, else the registry; a stale cache entry if both fail. */
  private async lookup(request: ImageRequest): Promise<ImageFacts | undefined> {
    const { ref } = request;
    const platform = (request.platform === undefined ? undefined : parsePlatform(request.platform)) ?? this.defaultPlatform;
    const platformName = formatPlatform(platform);
    // answerNow has ruled out references that cannot be looked up.
    const where = registryReference(ref);
    if (!where) return undefined;
    try {
      const local = await this.fromLocalStore(ref);
      if (local) {
        await this.store(ref, platformName, { digest: local.id, checked: Date.now(), from: `local store (${local.tool})` }, local.config);
        return factsOfConfig(local.config, local.id);
      }
      const { digest, config } = await this.client.imageConfig(where, platform);
      await this.store(ref, platformName, { digest, checked: Date.now(), from: `registry ${where.registry}` }, config);
      return factsOfConfig(config, digest);
    } catch (error) {
      // A stale answer is better than none when the registry cannot be reached.
      const cached = this.cache.readRef(ref, platformName);
      const stale = cached ? this.fromCache(cached) : undefined;
      if (stale) return stale;
      const reason = error instanceof RegistryError ? error.message : error instanceof Error ? error.message : String(error);
      this.options.warn(`cannot resolve image ${ref}: ${reason}; using volint's shipped facts.`);
      return undefined;
    }
  }

  private async fromLocalStore(ref: string): Promise<{ id: string; config: ImageConfig; tool: string } | undefined> {
    if (this.options.localStore === false) return undefined;
    this.tools ??= findContainerTools(this.options.env);
    for (const tool of this.tools) {
      const found = await inspectLocalImage(ref, tool, this.options.env);
      if (found) return found;
    }
    return undefined;
  }

  private fromCache(cached: CachedRef): ImageFacts | undefined {
    const config = this.cache.readConfig(cached.digest);
    return config ? factsOfConfig(config, cached.digest) : undefined;
  }

  private async store(ref: string, platform: string, value: CachedRef, config: ImageConfig): Promise<void> {
    try {
      await this.cache.writeConfig(value.digest, config);
      await this.cache.writeRef(ref, platform, value);
    } catch {
      // A cache that cannot be written (read-only home, full disk) costs the next run a lookup, nothing else.
    }
  }
}

/** An image config as facts: the real config lists every variable, so a name it lacks is unset. */
export function factsOfConfig(config: ImageConfig, digest: string): ImageFacts {
  const env: Record<string, string> = {};
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return factsFromInput(
    { volumes: Object.keys(config.Volumes ?? {}), env, workdir: config.WorkingDir ?? '', user: config.User ?? '' },
    `image config ${digest.slice(0, 19)}`,
    true,
  );
}
