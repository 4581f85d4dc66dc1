import type { Rule } from '../src/engine/types.js';
import { volumePermissionsAfterDeclare } from './volume-permissions-after-declare.js';
import { volumeWriteAfterDeclare } from './volume-write-after-declare.js';

/** Every rule volint ships, in the order `--list-rules` shows them. */
export const rules: readonly Rule[] = [volumeWriteAfterDeclare, volumePermissionsAfterDeclare];
