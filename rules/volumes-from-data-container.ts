import type { RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { isMinimalImage } from '../src/analysis/runtime-mounts.js';
import { classifyCommand } from '../src/shell/index.js';
import type { Container, Located } from '../src/runtime/types.js';
import { ruleDocUrl } from '../src/model/builders.js';
import { clip } from '../src/text/clip.js';

/** Restart policies that start a container again after its command exits: the data container keeps running. */
const RESTARTING = new Set(['always', 'unless-stopped']);

export const volumesFromDataContainer: RuntimeRule = {
  meta: {
    id: 'volumes-from-data-container',
    type: 'suggestion',
    reads: ['compose', 'script'],
    needs: ['container-command'],
    docs: {
      description: 'A `volumes_from`/`--volumes-from` data container built on busybox, alpine or scratch, or kept running.',
      url: ruleDocUrl('volumes-from-data-container'),
    },
    defaultSeverity: 'warn',
    messages: {
      minimal: 'Data container {{name}} runs {{image}}: use the image the data belongs to, which declares its volumes and owners.',
      idle: 'Data container {{name}} is kept running by `{{command}}`: it only has to exist, so let its command exit.',
      restart: 'Data container {{name}} has restart: {{restart}}, which keeps it running: a data container only has to exist.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    const reported = new Set<Container>();
    for (const consumer of runtime.containers) {
      for (const from of consumer.volumesFrom) {
        const data = runtime.source(from.name, consumer.at.range.start);
        if (!data || data === consumer || reported.has(data)) continue;
        reported.add(data);
        const related = [{ message: `${consumer.name ?? 'A container'} takes its volumes here.`, at: { file: from.file, range: from.range } }];
        const facts = runtime.facts(data);
        const image = data.build ? facts.rootImage : data.image?.ref;
        if (isMinimalImage(image)) {
          const at: Located = data.build ?? data.image ?? data.at;
          context.report({ messageId: 'minimal', data: { name: clip(from.name), image: clip(image ?? '') }, at: { file: at.file, range: at.range }, owner: data.at, related });
        }
        const words = data.command;
        const kind = words ? classifyCommand(words) : undefined;
        if (kind === 'idle') {
          context.report({ messageId: 'idle', data: { name: clip(from.name), command: clip(words?.join(' ') ?? '') }, at: data.commandAt ?? data.at, owner: data.at, related });
          continue;
        }
        // A restart policy keeps a data container running only when it is one: its command exits at once (`true`,
        // `echo`, a shell without a terminal, a minimal image's default). A service that serves (nginx-proxy
        // sharing its certificates) is not a data container, whatever others take from it.
        const exitsAtOnce = kind === 'noop' || kind === 'shell' || (words === null && isMinimalImage(image));
        if (exitsAtOnce && data.restart !== undefined && RESTARTING.has(data.restart)) {
          context.report({ messageId: 'restart', data: { name: clip(from.name), restart: clip(data.restart) }, at: data.restartAt ?? data.at, owner: data.at, related });
        }
      }
    }
  },
};

