import type { Container } from '../runtime/types.js';
import type { ComposeProject, ComposeService } from './types.js';

/** A service as a container: what the run-time rules read, for Compose files and scripts alike. */
export function serviceContainer(service: ComposeService): Container {
  const image = service.image ? { ref: service.image.value, file: service.image.file, range: service.image.range } : undefined;
  return {
    origin: 'compose',
    name: service.name,
    at: service.key,
    ...(image ? { image } : {}),
    ...(service.build ? { build: service.build } : {}),
    mounts: service.volumes,
    mountsKnown: true,
    volumesFrom: service.volumesFrom,
    command: service.command ? service.command.argv : null,
    restart: service.restart?.value,
    ...(service.command ? { commandAt: { file: service.command.file, range: service.command.range } } : {}),
    ...(service.restart ? { restartAt: { file: service.restart.file, range: service.restart.range } } : {}),
    removeOnExit: false,
  };
}

export function projectContainers(project: ComposeProject): Container[] {
  return [...project.services.values()].map(serviceContainer);
}
