import type { RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { unmountedVolumes } from '../src/analysis/runtime-mounts.js';
import { ruleDocUrl } from '../src/model/builders.js';
import { clip } from '../src/text/clip.js';

export const rmLeavesAnonymousVolume: RuntimeRule = {
  meta: {
    id: 'rm-leaves-anonymous-volume',
    type: 'problem',
    reads: 'script',
    needs: [],
    docs: {
      description: '`docker rm` without `-v` of a container that has anonymous volumes: they stay behind as orphans.',
      url: ruleDocUrl('rm-leaves-anonymous-volume'),
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      orphan: '`rm` without -v leaves the anonymous volume {{path}} of {{name}} behind: use `rm -v`.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    const script = runtime.script;
    if (!script) return;
    for (const command of script.commands) {
      if (command.verb !== 'rm' || command.removeVolumes) continue;
      for (const word of command.containers) {
        if (!word.known) continue;
        const container = runtime.source(word.text, command.range.start);
        if (!container || container.removeOnExit || container.at.range.start > command.range.start) continue;
        const anonymous = container.mounts.find((m) => m.type === 'volume' && m.source === undefined && m.sourceText === undefined && m.target !== undefined);
        const fromImage = anonymous ? undefined : unmountedVolumes(runtime, container)?.[0];
        const path = anonymous?.target ?? fromImage?.path;
        if (path === undefined) continue;
        const created = anonymous ? anonymous.range : container.at.range;
        const verbEnd = script.text.indexOf('rm', command.range.start);
        context.report({
          messageId: 'orphan',
          data: { path: clip(path), name: clip(word.text) },
          at: { file: script.file, range: word.range },
          related: [{ message: `${word.text} gets the anonymous volume ${path} here.`, at: { file: script.file, range: created } }],
          ...(verbEnd >= 0 && verbEnd < word.range.start ? { suggest: [{ desc: 'Remove its anonymous volumes too (rm -v).', fix: { range: [verbEnd + 2, verbEnd + 2], text: ' -v' } }] } : {}),
        });
      }
    }
  },
};
