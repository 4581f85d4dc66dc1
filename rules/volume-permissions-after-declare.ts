import { runVolumeHits } from '../src/analysis/volume-effects.js';
import type { Rule } from '../src/engine/types.js';
import { ruleDocUrl, runChangeConsequence, severityWhereDiscarded } from '../src/model/builders.js';
import type { EffectKind } from '../src/shell/types.js';

const KINDS: ReadonlySet<EffectKind> = new Set(['permission']);

export const volumePermissionsAfterDeclare: Rule = {
  meta: {
    id: 'volume-permissions-after-declare',
    type: 'problem',
    docs: {
      description: 'A RUN changes owner, group, mode, ACL or capabilities under a VOLUME declared earlier in this Dockerfile.',
      url: ruleDocUrl('volume-permissions-after-declare'),
    },
    defaultSeverity: severityWhereDiscarded((f) => f.runPermission),
    messages: {
      permission:
        '`{{command}}` changes permissions of {{path}} inside VOLUME {{volume}} (declared on line {{line}}). {{consequence}} The volume will come up with the old owner and mode (usually root), and a non-root service gets "permission denied". Create and chown the directory before the VOLUME instruction.',
    },
  },
  check(context) {
    const consequence = runChangeConsequence(context.settings.builder, 'permission');
    for (const { effect, volume, instruction } of runVolumeHits(context, KINDS, new Set(['stage', 'ancestor']))) {
      const declaredAt = volume.declaredAt;
      if (!declaredAt || effect.path === undefined || volume.path === undefined) continue;
      const line = String(context.model.lines.positionAt(declaredAt.range.start).line + 1);
      context.report({
        messageId: 'permission',
        data: { command: effect.command, path: effect.path, volume: volume.path, line, consequence },
        range: effect.range,
        instruction,
        related: [{ message: `VOLUME ${volume.path} is declared here.`, range: volume.word.range }],
      });
    }
  },
};
