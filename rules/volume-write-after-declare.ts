import { describeReach, runVolumeHits } from '../src/analysis/volume-effects.js';
import { declaredLine, scriptRelated, viaText, volumeNamed, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { volumeMoveRepair } from '../src/fix/move-volume.js';
import { ruleDocUrl, runChangeConsequence, severityWhereDiscarded } from '../src/model/builders.js';
import type { EffectKind } from '../src/shell/types.js';
import { clip } from '../src/text/clip.js';

const KINDS: ReadonlySet<EffectKind> = new Set(['write', 'mkdir', 'touch', 'delete']);
const CHANGE = '`{{command}}`{{via}} {{verb}} {{target}} after {{volume}} (line {{line}}): {{consequence}}; do it before the VOLUME.';
const VERBS: Record<string, string> = { write: 'writes', mkdir: 'creates', touch: 'creates', delete: 'deletes' };

export const volumeWriteAfterDeclare: DockerfileRule = {
  meta: {
    id: 'volume-write-after-declare',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['declared-volume', 'run-effects'],
    docs: {
      description: 'A RUN writes, creates or deletes files under a VOLUME declared earlier in this Dockerfile.',
      url: ruleDocUrl('volume-write-after-declare'),
    },
    defaultSeverity: severityWhereDiscarded((f) => f.runWrite),
    fixable: 'code',
    hasSuggestions: true,
    // A deletion has its own id: it is lost only where there was something to delete (docs/volume-semantics.md §8).
    messages: { change: CHANGE, delete: CHANGE },
  },
  check(context) {
    const consequence = runChangeConsequence(context.settings.builder, 'write');
    for (const { effect, volume, instruction } of runVolumeHits(context, KINDS, new Set(['stage', 'ancestor']))) {
      if (!volume.declaredAt || volume.path === undefined) continue;
      const line = declaredLine(context.model, volume);
      const verb = effect.kind === 'write' && effect.path.tail === 'exact' && effect.path.prefix === volume.path ? 'writes into' : (VERBS[effect.kind] ?? 'changes');
      context.report({
        messageId: effect.kind === 'delete' ? 'delete' : 'change',
        data: {
          command: clip(effect.command),
          via: viaText(effect),
          verb,
          target: describeReach(effect, volume.path),
          volume: volumeNamed(effect.path, volume.path),
          line,
          consequence,
        },
        range: effect.range,
        instruction,
        related: [...scriptRelated(effect), ...volumeRelated(volume)],
        ...volumeMoveRepair(context, volume, instruction),
      });
    }
  },
};
