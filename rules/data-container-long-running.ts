import { dataOnlyImage, serviceImageSuggestions } from '../src/analysis/data-container.js';
import { clip } from '../src/text/clip.js';
import type { RelatedInfo, DockerfileRule } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';

export const dataContainerLongRunning: DockerfileRule = {
  meta: {
    id: 'data-container-long-running',
    type: 'suggestion',
    reads: 'dockerfile',
    needs: ['volume-in-scope', 'run-effects', 'container-command'],
    docs: {
      description: 'A data container (an image that only holds volumes) runs a command that never exits, such as `sleep infinity` or `tail -f /dev/null`.',
      url: ruleDocUrl('data-container-long-running'),
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      idle: '`{{command}}` keeps a data container for VOLUME {{volumes}} running; make it `true`, or use a named volume.',
    },
  },
  check(context) {
    const data = dataOnlyImage(context);
    const command = data?.command;
    if (!data || command?.kind !== 'idle') return;
    const related: RelatedInfo[] = data.ownVolumes.map((v) => ({ message: `VOLUME ${v.path} is declared here.`, range: v.word.range }));
    const image = data.root.base.kind === 'image' ? data.root.base.ref : undefined;
    for (const v of data.baseVolumes) related.push({ message: `The base image ${image ?? v.word.raw} declares VOLUME ${v.path ?? v.word.raw}.`, range: v.word.range });
    const volumes = [...data.ownVolumes.map((v) => v.path), ...data.baseVolumes.flatMap((v) => (v.path === undefined ? [] : [v.path]))];
    context.report({
      messageId: 'idle',
      data: {
        command: clip(command.instruction.json ? command.argv.join(' ') : context.model.text.slice(command.range.start, command.range.end)),
        volumes: clip([...new Set(volumes)].join(', ')),
      },
      range: command.range,
      instruction: command.instruction,
      related,
      // Built on a service image already, there is no better base to suggest.
      suggest: data.baseVolumes.length > 0 ? [] : serviceImageSuggestions(data.root, data.ownVolumes),
    });
  },
};
