import { describeReach, effectReaches, runVolumeHits } from '../src/analysis/volume-effects.js';
import { declaredLine, runsAs, volumeNamed, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule, DockerfileContext } from '../src/engine/types.js';
import { isStrictlyUnder } from '../src/model/paths.js';
import type { InstructionModel, StageModel } from '../src/model/types.js';
import type { FileEffect } from '../src/shell/types.js';
import { volumeMoveRepair } from '../src/fix/move-volume.js';
import { BUILDER_FACTS, ruleDocUrl, runChangeConsequence, severityWhereDiscarded } from '../src/model/builders.js';
import type { EffectKind } from '../src/shell/types.js';
import { clip } from '../src/text/clip.js';

const KINDS: ReadonlySet<EffectKind> = new Set(['permission']);
const ATTRIBUTES: Record<string, string> = { chown: 'owner', chgrp: 'group', chmod: 'mode', setfacl: 'ACL', setcap: 'capabilities' };

export const volumePermissionsAfterDeclare: DockerfileRule = {
  meta: {
    id: 'volume-permissions-after-declare',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['declared-volume', 'run-effects'],
    docs: {
      description: 'A RUN changes owner, group, mode, ACL or capabilities under a VOLUME declared earlier in this Dockerfile.',
      url: ruleDocUrl('volume-permissions-after-declare'),
    },
    defaultSeverity: severityWhereDiscarded((f) => f.runPermission),
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      permission: '`{{command}}` sets the {{attribute}} of {{target}} after {{volume}} (line {{line}}): {{consequence}}{{service}}; do it before the VOLUME.',
    },
  },
  check(context) {
    const consequence = runChangeConsequence(context.settings.builder, 'permission');
    const discarded = BUILDER_FACTS[context.settings.builder].runPermission === 'discarded';
    for (const { effect, volume, instruction } of runVolumeHits(context, KINDS, new Set(['stage', 'ancestor']))) {
      const declaredAt = volume.declaredAt;
      if (!declaredAt || effect.path === undefined || volume.path === undefined) continue;
      if (isStrictlyUnder(volume.path, effect.path) && preparedBefore(context, declaredAt, volume.path, effect)) continue;
      const line = declaredLine(context.model, volume);
      context.report({
        messageId: 'permission',
        data: {
          command: clip(effect.command),
          attribute: ATTRIBUTES[effect.command] ?? 'permissions',
          target: describeReach(effect, volume.path),
          volume: volumeNamed(effect.path, volume.path),
          line,
          consequence,
          service: discarded ? serviceUser(instruction.stage) : '',
        },
        range: effect.range,
        instruction,
        related: volumeRelated(volume),
        ...volumeMoveRepair(context, volume, instruction),
      });
    }
  },
};

/**
 * Who meets the old owner at run time, when the builder drops the change: the USER the image ends with, when the model
 * knows it and it is not root (the rule doc tells the rest).
 */
function serviceUser(stage: StageModel | undefined): string {
  const user = stage ? runsAs(stage) : undefined;
  return user === undefined || user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:')
    ? ''
    : `, so USER ${clip(user)} meets the old owner`;
}

/**
 * A recursive change of a parent (`chown -R app /app` over `VOLUME /app/uploads`) loses nothing when the same command
 * already set up the volume before its VOLUME line: the official images do exactly that, chowning the volume first
 * and the application directory later.
 */
function preparedBefore(context: DockerfileContext, declaredAt: InstructionModel, volume: string, later: FileEffect): boolean {
  const stage = declaredAt.stage;
  if (!stage) return false;
  for (const instr of stage.instructions) {
    if (instr.range.start >= declaredAt.range.start) return false;
    if (instr.keyword !== 'RUN' || instr.shell !== 'posix') continue;
    for (const effect of context.runEffects(instr).effects) {
      if (effect.kind === 'permission' && effect.command === later.command && effectReaches(effect, volume)) return true;
    }
  }
  return false;
}
