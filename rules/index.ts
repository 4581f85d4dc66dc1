import type { Rule } from '../src/engine/types.js';
import { dataContainerLongRunning } from './data-container-long-running.js';
import { dataContainerMinimalImage } from './data-container-minimal-image.js';
import { volumeCopyAfterDeclare } from './volume-copy-after-declare.js';
import { volumeHostPath } from './volume-host-path.js';
import { volumeInheritedWrite } from './volume-inherited-write.js';
import { volumePermissionsAfterDeclare } from './volume-permissions-after-declare.js';
import { volumeSyntax } from './volume-syntax.js';
import { volumeWriteAfterDeclare } from './volume-write-after-declare.js';

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
];
