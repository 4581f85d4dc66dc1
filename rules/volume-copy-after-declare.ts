import { destinationPath, mostSpecificVolume } from '../src/analysis/copy-destination.js';
import { declaredLine, inheritedFrom, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { volumeMoveRepair } from '../src/fix/move-volume.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { BuilderProfile } from '../src/model/types.js';

/**
 * What each builder does with a COPY/ADD under a volume path (docs/volume-semantics.md section 1, column
 * "COPY/ADD into it after VOLUME"). None throws it away for sure, so the finding stays a warning everywhere: what
 * goes wrong is at run time (section 2).
 */
const OUTCOME: Record<BuilderProfile, string> = {
  portable:
    'Builders disagree on whether it sticks (BuildKit, Buildah and the classic builder keep it, the classic builder inconsistently for directories; kaniko may drop it),',
  buildkit: 'BuildKit keeps it in the image, but it is not portable (kaniko may drop it),',
  classic: 'The classic builder keeps it (inconsistently for directories),',
  buildah: 'Buildah keeps it in the image,',
  'buildah-compat': 'Buildah keeps it (only ADD/COPY can change a volume there),',
  kaniko: 'kaniko may drop it (volume paths are on its snapshot ignore list),',
};
const AT_RUN_TIME = 'and at run time a bind mount hides it and an existing named volume never receives it.';

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
      own: '{{keyword}} puts files at {{path}} inside VOLUME {{volume}} (declared on line {{line}}){{onbuild}}. {{outcome}} {{atRunTime}} Copy before the VOLUME instruction.',
      base:
        '{{keyword}} puts files at {{path}} inside VOLUME {{volume}}, which the base image {{image}} declares ({{source}}){{onbuild}}. {{outcome}} {{atRunTime}} Copy to a path outside the volume and let the entrypoint seed the volume from there.',
    },
  },
  check(context) {
    const { model } = context;
    const outcome = OUTCOME[context.settings.builder];
    for (const instr of model.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const dest = destinationPath(instr, model);
      if (!dest) continue;
      const path = dest.path.text;
      const volume = mostSpecificVolume(dest.path, instr.volumes);
      if (!volume?.path) continue;
      const onbuild = instr.onbuild ? ' (this ONBUILD trigger runs in the child build, where the volume already exists)' : '';
      const common = { keyword: instr.keyword, path, volume: volume.path, onbuild, outcome, atRunTime: AT_RUN_TIME };
      if (volume.origin === 'base-image') {
        context.report({
          messageId: 'base',
          data: { ...common, ...inheritedFrom(volume) },
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
        data: { ...common, line },
        range: dest.word.range,
        instruction: instr,
        related: volumeRelated(volume),
        ...volumeMoveRepair(context, volume, instr),
      });
    }
  },
};
