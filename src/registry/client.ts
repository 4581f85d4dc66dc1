import { registryCredentials, type Credentials } from './credentials.js';
import { choosePlatform, formatPlatform, type Platform } from './platform.js';
import { registryBaseUrl, type RegistryReference } from './reference.js';

/** The part of an image config (the OCI image spec's `config` object) that volint reads. */
export interface ImageConfig {
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Volumes?: Record<string, unknown> | null;
}

export interface FetchedConfig {
  /** Digest of the manifest the config belongs to (the platform's, under an index). */
  digest: string;
  config: ImageConfig;
}

export class RegistryError extends Error {}

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
const TIMEOUT_MS = 15_000;

interface Manifest {
  mediaType?: string;
  manifests?: { digest: string; mediaType?: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
  config?: { digest: string; mediaType?: string };
}

/**
 * A client of the OCI distribution API for one run: it answers a registry's challenge (anonymous or with the user's
 * login, Bearer token or Basic) and keeps the tokens it got per repository.
 */
export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private readonly logins = new Map<string, Credentials | undefined>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The manifest digest a tag or digest reference names now (for an index: the index's digest). */
  async headDigest(ref: RegistryReference): Promise<string> {
    const response = await this.request(ref, `/manifests/${ref.digest ?? ref.tag ?? 'latest'}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
    const digest = response.headers.get('docker-content-digest');
    if (digest) return digest;
    // A registry that does not say: the body's digest is the answer.
    const { digest: computed } = await this.manifest(ref, ref.digest ?? ref.tag ?? 'latest');
    return computed;
  }

  /** Tag (or digest) → manifest, through an index for the platform → config blob. */
  async imageConfig(ref: RegistryReference, platform: Platform): Promise<FetchedConfig> {
    let { manifest, digest } = await this.manifest(ref, ref.digest ?? ref.tag ?? 'latest');
    if (manifest.manifests) {
      const entry = choosePlatform(manifest.manifests, platform);
      if (!entry) {
        const offered = manifest.manifests.map((m) => formatPlatform({ os: m.platform?.os ?? '?', architecture: m.platform?.architecture ?? '?', variant: m.platform?.variant })).join(', ');
        throw new RegistryError(`no ${formatPlatform(platform)} image in its index (it has ${offered || 'none'})`);
      }
      ({ manifest, digest } = await this.manifest(ref, entry.digest));
    }
    const configDigest = manifest.config?.digest;
    if (!configDigest) throw new RegistryError('its manifest names no config');
    const response = await this.request(ref, `/blobs/${configDigest}`, { headers: { Accept: manifest.config?.mediaType ?? '*/*' } });
    const body = Buffer.from(await response.arrayBuffer());
    await checkDigest(body, configDigest);
    let parsed: { config?: ImageConfig };
    try {
      parsed = JSON.parse(body.toString('utf8')) as { config?: ImageConfig };
    } catch {
      throw new RegistryError('its config is not JSON');
    }
    return { digest, config: parsed.config ?? {} };
  }

  private async manifest(ref: RegistryReference, reference: string): Promise<{ manifest: Manifest; digest: string }> {
    const response = await this.request(ref, `/manifests/${reference}`, { headers: { Accept: ACCEPT } });
    const body = Buffer.from(await response.arrayBuffer());
    const digest = response.headers.get('docker-content-digest') ?? (await sha256(body));
    if (reference.startsWith('sha256:')) await checkDigest(body, reference);
    try {
      return { manifest: JSON.parse(body.toString('utf8')) as Manifest, digest };
    } catch {
      throw new RegistryError('its manifest is not JSON');
    }
  }

  private async request(ref: RegistryReference, suffix: string, init: { method?: string; headers: Record<string, string> }): Promise<Response> {
    const url = `${registryBaseUrl(ref.registry)}/v2/${ref.repository}${suffix}`;
    const scopeKey = `${ref.registry}/${ref.repository}`;
    const send = (authorization: string | undefined): Promise<Response> =>
      fetch(url, {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(authorization ? { Authorization: authorization } : {}) },
        redirect: 'follow',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch((error: unknown) => {
        throw new RegistryError(`cannot reach ${ref.registry} (${describeFetchError(error)})`);
      });
    let response = await send(this.tokens.get(scopeKey));
    if (response.status === 401) {
      const authorization = await this.authorize(ref, response.headers.get('www-authenticate') ?? '');
      this.tokens.set(scopeKey, authorization);
      response = await send(authorization);
    }
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) {
        throw new RegistryError(`${ref.registry} refused access (${response.status}${this.login(ref.registry) ? ', with your login' : ', anonymously: log in with docker login'})`);
      }
      if (response.status === 404) throw new RegistryError(`${ref.registry} has no ${ref.repository}${suffix.startsWith('/manifests/') ? `:${suffix.slice(11)}` : ''}`);
      throw new RegistryError(`${ref.registry} answered ${response.status} ${response.statusText}`);
    }
    return response;
  }

  /** The Authorization header that answers a 401 challenge: a Bearer token from the realm, or Basic with the login. */
  private async authorize(ref: RegistryReference, challenge: string): Promise<string> {
    const login = this.login(ref.registry);
    const basic = login ? `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` : undefined;
    const scheme = /^\s*(\w+)/.exec(challenge)?.[1]?.toLowerCase();
    if (scheme === 'basic') {
      if (!basic) throw new RegistryError(`${ref.registry} needs a login (none found in your Docker or Podman config)`);
      return basic;
    }
    if (scheme !== 'bearer') throw new RegistryError(`${ref.registry} asks for an unknown authentication (${challenge || 'none given'})`);
    const params = new Map<string, string>();
    for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
    const realm = params.get('realm');
    if (!realm) throw new RegistryError(`${ref.registry} gave a token challenge without a realm`);
    const tokenUrl = new URL(realm);
    const service = params.get('service');
    if (service) tokenUrl.searchParams.set('service', service);
    tokenUrl.searchParams.set('scope', `repository:${ref.repository}:pull`);
    const response = await fetch(tokenUrl, { headers: basic ? { Authorization: basic } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((error: unknown) => {
      throw new RegistryError(`cannot reach its token service ${tokenUrl.host} (${describeFetchError(error)})`);
    });
    if (!response.ok) throw new RegistryError(`its token service refused a pull token (${response.status})`);
    const data = (await response.json()) as { token?: string; access_token?: string };
    const token = data.token ?? data.access_token;
    if (!token) throw new RegistryError('its token service gave no token');
    return `Bearer ${token}`;
  }

  private login(registry: string): Credentials | undefined {
    if (!this.logins.has(registry)) this.logins.set(registry, registryCredentials(registry, this.env));
    return this.logins.get(registry);
  }
}

async function sha256(bytes: Buffer): Promise<string> {
  const { createHash } = await import('node:crypto');
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Content named by digest is checked against it: a registry or proxy cannot hand over another image's config. */
async function checkDigest(body: Buffer, digest: string): Promise<void> {
  if (!digest.startsWith('sha256:')) return;
  if ((await sha256(body)) !== digest) throw new RegistryError(`the content for ${digest} does not match its digest`);
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return error instanceof Error ? error.message : String(error);
}
