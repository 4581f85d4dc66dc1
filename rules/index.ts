import type { Rule } from '../src/rule-api/types.js';
import { dataContainerLongRunning } from './data-container-long-running.js';
import { dataContainerMinimalImage } from './data-container-minimal-image.js';
import { volumeCopyAfterDeclare } from './volume-copy-after-declare.js';
import { volumeHostPath } from './volume-host-path.js';
import { volumeInheritedWrite } from './volume-inherited-write.js';
import { volumePermissionsAfterDeclare } from './volume-permissions-after-declare.js';
import { volumeSyntax } from './volume-syntax.js';
import { volumeWriteAfterDeclare } from './volume-write-after-declare.js';
import { backupOutsideVolumes } from './backup-outside-volumes.js';
import { imageVolumeUnmounted } from './image-volume-unmounted.js';
import { inspectVolumesField } from './inspect-volumes-field.js';
import { mountHidesImageContent } from './mount-hides-image-content.js';
import { namedVolumeNotDirectory } from './named-volume-not-directory.js';
import { rmLeavesAnonymousVolume } from './rm-leaves-anonymous-volume.js';
import { volumesFromDataContainer } from './volumes-from-data-container.js';

/** Every rule volint ships, in the order `--list-rules` shows them. */
export const rules: readonly Rule[] = [
  volumeWriteAfterDeclare,
  volumePermissionsAfterDeclare,
  volumeCopyAfterDeclare,
  volumeInheritedWrite,
  volumeHostPath,
  volumeSyntax,
  dataContainerMinimalImage,
  dataContainerLongRunning,
  // Compose files and scripts: where volumes are mounted.
  imageVolumeUnmounted,
  mountHidesImageContent,
  volumesFromDataContainer,
  rmLeavesAnonymousVolume,
  namedVolumeNotDirectory,
  inspectVolumesField,
  backupOutsideVolumes,
];
