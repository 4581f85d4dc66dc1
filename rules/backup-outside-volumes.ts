import { backupReads } from '../src/analysis/backup-reads.js';
import type { RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { touchesAny, volumePaths } from '../src/analysis/runtime-mounts.js';
import { ruleDocUrl } from '../src/model/builders.js';
import { clip } from '../src/text/clip.js';

export const backupOutsideVolumes: RuntimeRule = {
  meta: {
    id: 'backup-outside-volumes',
    type: 'problem',
    reads: 'script',
    needs: [],
    docs: {
      description: 'A `--volumes-from X` backup that archives a path which is none of X\'s volumes: it reads the helper container\'s own files.',
      url: ruleDocUrl('backup-outside-volumes'),
    },
    defaultSeverity: 'warn',
    messages: {
      outside: '{{source}} has no volume at {{path}}, so this backs up the helper image\'s own {{path}}: archive {{volumes}} instead.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    const script = runtime.script;
    if (!script) return;
    for (const run of script.commands) {
      if ((run.verb !== 'run' && run.verb !== 'create') || run.volumesFrom.length === 0 || !run.command || !run.mountsKnown) continue;
      const sources = run.volumesFrom.map((v) => runtime.source(v.name, run.range.start));
      const paths: string[] = [];
      let known = true;
      for (const s of sources) {
        const p = s && s.at.range.start < run.range.start ? volumePaths(runtime, s) : undefined;
        if (p === undefined) known = false;
        else paths.push(...p);
      }
      if (!known || paths.length === 0) continue;
      const own = run.mounts.flatMap((m) => (m.target === undefined ? [] : [m.target]));
      for (const read of backupReads(run.command)) {
        if (touchesAny(read.path, [...paths, ...own])) continue;
        context.report({
          messageId: 'outside',
          data: { source: clip(run.volumesFrom.map((v) => v.name).join(', ')), path: clip(read.path), volumes: clip([...new Set(paths)].join(', ')) },
          at: { file: script.file, range: read.range },
          related: run.volumesFrom.map((v) => ({ message: `The volumes of ${v.name} are shared here.`, at: { file: v.file, range: v.range } })),
        });
      }
    }
  },
};
