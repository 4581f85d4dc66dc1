import path from 'node:path';

/** The names `docker compose` looks for, in its order of preference. */
export const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
export const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'] as const;

/** `compose.yaml`, `docker-compose.yml`, their overrides and variants (`compose.prod.yaml`, `docker-compose-dev.yml`). */
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][^/]+)?\.ya?ml$/i;

export function isComposeFileName(name: string): boolean {
  return COMPOSE_NAME.test(name);
}

export type ComposeNameRole = 'base' | 'override' | 'variant';

export function composeNameRole(file: string): ComposeNameRole {
  const name = path.basename(file).toLowerCase();
  if ((BASE_NAMES as readonly string[]).includes(name)) return 'base';
  if ((OVERRIDE_NAMES as readonly string[]).includes(name)) return 'override';
  return 'variant';
}
