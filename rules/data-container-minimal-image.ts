import { dataOnlyImage, isMinimalBase, serviceImageSuggestions } from '../src/analysis/data-container.js';
import type { DockerfileRule } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';

export const dataContainerMinimalImage: DockerfileRule = {
  meta: {
    id: 'data-container-minimal-image',
    type: 'suggestion',
    reads: 'dockerfile',
    needs: ['declared-volume', 'run-effects'],
    docs: {
      description: 'A data container (an image that only declares volumes) is built FROM busybox, alpine, scratch or a similar minimal image.',
      url: ruleDocUrl('data-container-minimal-image'),
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      minimal:
        'This image only declares VOLUME {{volumes}} on top of {{image}}: a data container. Build it FROM the image of the application that uses the data instead: that image declares the same volumes with the right owner and mode, and costs no extra space since it is already pulled. (Named volumes, `docker volume create` or compose `volumes:`, replace most data containers.)',
    },
  },
  check(context) {
    const data = dataOnlyImage(context);
    if (!data || data.ownVolumes.length === 0 || !isMinimalBase(data.root)) return;
    const word = data.root.base.word;
    context.report({
      messageId: 'minimal',
      data: { volumes: [...new Set(data.ownVolumes.map((v) => v.path))].join(', '), image: word.value ?? word.raw },
      range: word.range,
      instruction: data.root.from,
      related: data.ownVolumes.map((v) => ({ message: `VOLUME ${v.path} is declared here.`, range: v.word.range })),
      suggest: serviceImageSuggestions(data.root, data.ownVolumes),
    });
  },
};
