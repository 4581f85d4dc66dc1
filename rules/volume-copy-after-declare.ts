import { destinationPath, receivingVolume } from '../src/analysis/copy-destination.js';
import { declaredLine, inheritedFrom, volumeNamed, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { volumeMoveRepair } from '../src/fix/move-volume.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { BuilderProfile } from '../src/model/types.js';
import { clip } from '../src/text/clip.js';

/**
 * What each builder does with a COPY/ADD under a volume path (docs/volume-semantics.md section 1, column
 * "COPY/ADD into it after VOLUME"). None throws it away for sure, so the finding stays a warning everywhere: what
 * goes wrong is at run time (section 2).
 */
const OUTCOME: Record<BuilderProfile, string> = {
  portable: 'not portable; bind mounts hide it',
  buildkit: 'BuildKit keeps it; bind mounts hide it',
  classic: 'the classic builder may drop it and bind mounts hide it',
  buildah: 'Buildah keeps it; bind mounts hide it',
  'buildah-compat': 'Buildah keeps it; bind mounts hide it',
  kaniko: 'kaniko may drop it and bind mounts hide it',
};

export const volumeCopyAfterDeclare: DockerfileRule = {
  meta: {
    id: 'volume-copy-after-declare',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['volume-in-scope', 'run-effects'],
    docs: {
      description: 'A COPY or ADD puts files under a VOLUME declared earlier: in this stage, an ancestor stage or the base image.',
      url: ruleDocUrl('volume-copy-after-declare'),
    },
    defaultSeverity: 'warn',
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      own: '{{keyword}} writes {{path}} after {{volume}} (line {{line}}): {{outcome}}; copy before the VOLUME.',
      base: "{{keyword}} writes {{path}} in {{image}}'s VOLUME: {{outcome}}; copy elsewhere, seed it at run time.",
    },
  },
  check(context) {
    const { model } = context;
    const outcome = OUTCOME[context.settings.builder];
    for (const instr of model.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const dest = destinationPath(instr, model);
      if (!dest) continue;
      const volume = receivingVolume(instr, dest.path);
      if (!volume?.path) continue;
      // An ONBUILD trigger runs in the child build, where the volume already exists.
      const keyword = instr.onbuild ? `ONBUILD ${instr.keyword}` : instr.keyword;
      const common = { keyword, path: clip(dest.path.text), outcome };
      if (volume.origin === 'base-image') {
        context.report({
          messageId: 'base',
          data: { ...common, image: inheritedFrom(volume) },
          range: dest.word.range,
          instruction: instr,
          related: volumeRelated(volume),
        });
        continue;
      }
      if (!volume.declaredAt) continue;
      const line = declaredLine(model, volume);
      context.report({
        messageId: 'own',
        data: { ...common, volume: volumeNamed(dest.path, volume.path), line },
        range: dest.word.range,
        instruction: instr,
        related: volumeRelated(volume),
        ...volumeMoveRepair(context, volume, instr),
      });
    }
  },
};
