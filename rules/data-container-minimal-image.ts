import { dataOnlyImage, isMinimalBase, serviceImageSuggestions } from '../src/analysis/data-container.js';
import { clip } from '../src/text/clip.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';

export const dataContainerMinimalImage: DockerfileRule = {
  meta: {
    id: 'data-container-minimal-image',
    type: 'suggestion',
    reads: 'dockerfile',
    needs: ['declared-volume', 'run-effects', 'container-command'],
    docs: {
      description: 'A data container (an image that only declares volumes) is built FROM busybox, alpine, scratch or a similar minimal image.',
      url: ruleDocUrl('data-container-minimal-image'),
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      minimal: 'Data container FROM {{image}} for VOLUME {{volumes}}; build FROM the app image, or use a named volume.',
    },
  },
  check(context) {
    const data = dataOnlyImage(context);
    if (!data || data.ownVolumes.length === 0 || !isMinimalBase(data.root)) return;
    const word = data.root.base.word;
    context.report({
      messageId: 'minimal',
      data: { volumes: clip([...new Set(data.ownVolumes.map((v) => v.path))].join(', ')), image: clip(word.value ?? word.raw) },
      range: word.range,
      instruction: data.root.from,
      related: data.ownVolumes.map((v) => ({ message: `VOLUME ${v.path} is declared here.`, range: v.word.range })),
      suggest: serviceImageSuggestions(data.root, data.ownVolumes),
    });
  },
};
