/** An image reference as a registry client needs it. */
export interface RegistryReference {
  /** Host and port of the registry's API (`registry-1.docker.io` for Docker Hub). */
  registry: string;
  /** Repository path on that registry (`library/postgres` for the official image). */
  repository: string;
  tag: string | undefined;
  /** `sha256:…` when the reference pins one: it is resolved exactly. */
  digest: string | undefined;
}

const DOCKER_HUB = 'registry-1.docker.io';

/**
 * `postgres`, `myorg/app:2`, `ghcr.io/o/r@sha256:…`, `localhost:5000/app`: the first component names a registry when it
 * has a dot or a colon or is `localhost`, as Docker decides it; otherwise the image is on Docker Hub.
 */
export function registryReference(ref: string): RegistryReference | undefined {
  let rest = ref.trim();
  if (rest === '' || /\s|\$/.test(rest)) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  let registry = DOCKER_HUB;
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    rest = rest.slice(slash + 1);
  }
  if (['docker.io', 'index.docker.io', 'registry.hub.docker.com'].includes(registry)) registry = DOCKER_HUB;
  let repository = rest.toLowerCase() === rest ? rest : '';
  if (repository === '' || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) return undefined;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  return { registry, repository, tag: tag ?? (digest === undefined ? 'latest' : undefined), digest };
}

/** The name credential stores use for a registry: Docker Hub's is its legacy index address. */
export function credentialKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`];
}

/** Loopback registries speak plain HTTP, as Docker allows them to; every other registry is reached over HTTPS. */
export function registryBaseUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return `${loopback ? 'http' : 'https'}://${registry}`;
}
