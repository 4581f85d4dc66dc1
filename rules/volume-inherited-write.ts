import { describeReach, runVolumeHits } from '../src/analysis/volume-effects.js';
import { inheritedFrom, scriptRelated, viaText, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { ruleDocUrl, runChangeConsequence, severityWhereDiscarded } from '../src/model/builders.js';
import type { EffectKind } from '../src/shell/types.js';
import { clip } from '../src/text/clip.js';

const KINDS: ReadonlySet<EffectKind> = new Set(['write', 'mkdir', 'touch', 'delete', 'permission']);
const CHANGE = "`{{command}}`{{via}} {{verb}} {{target}} in {{image}}'s VOLUME: {{consequence}}; do it in the entrypoint.";
const VERBS: Record<string, string> = {
  write: 'writes',
  mkdir: 'creates',
  touch: 'creates',
  delete: 'deletes',
  permission: 'changes',
};

export const volumeInheritedWrite: DockerfileRule = {
  meta: {
    id: 'volume-inherited-write',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['base-image-facts', 'run-effects'],
    docs: {
      description: 'A RUN writes or changes permissions under a VOLUME that the base image declares.',
      url: ruleDocUrl('volume-inherited-write'),
    },
    // A RUN write and a RUN chown under a volume are discarded by the same builders (src/model/builders.ts).
    defaultSeverity: severityWhereDiscarded((f) => (f.runWrite === 'discarded' || f.runPermission === 'discarded' ? 'discarded' : 'kept')),
    // A deletion has its own id: it is lost only where there was something to delete (docs/volume-semantics.md §8).
    messages: { change: CHANGE, delete: CHANGE },
  },
  check(context) {
    for (const { effect, volume, instruction } of runVolumeHits(context, KINDS, new Set(['base-image']))) {
      if (volume.path === undefined) continue;
      const kind = effect.kind === 'permission' ? 'permission' : 'write';
      context.report({
        messageId: effect.kind === 'delete' ? 'delete' : 'change',
        data: {
          command: clip(effect.command),
          via: viaText(effect),
          verb: VERBS[effect.kind] ?? 'changes',
          target: describeReach(effect, volume.path),
          image: inheritedFrom(volume),
          consequence: runChangeConsequence(context.settings.builder, kind),
        },
        range: effect.range,
        instruction,
        related: [...scriptRelated(effect), ...volumeRelated(volume)],
      });
    }
  },
};
