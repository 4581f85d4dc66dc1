import path from 'node:path';
import type { RuntimeContext, RuntimeRule, SuggestionDescriptor } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { Mount } from '../src/runtime/types.js';
import { clip } from '../src/text/clip.js';

export const namedVolumeNotDirectory: RuntimeRule = {
  meta: {
    id: 'named-volume-not-directory',
    type: 'problem',
    reads: ['compose', 'script'],
    needs: [],
    docs: {
      description: '`-v name:/path` or `name:/path` names a volume, while a directory of that name sits beside the file: `./name` binds it.',
      url: ruleDocUrl('named-volume-not-directory'),
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      named: '`{{name}}` is a named volume, not the directory ./{{name}}: write ./{{name}} to mount the directory.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    // A script's `-v data:/x` would mean the ./data of the directory it runs in: unknown, unless the file says.
    const dir = runtime.compose?.directory ?? runtime.script?.workingDirectory;
    if (dir === undefined) return;
    const seen = new Set<Mount>();
    for (const c of runtime.containers) {
      for (const m of c.mounts) {
        if (seen.has(m) || m.type !== 'volume' || m.source === undefined || m.syntax === 'tmpfs') continue;
        seen.add(m);
        const name = m.source;
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) continue;
        // A declared volume that is external or a bind in disguise is meant as a volume.
        const declared = runtime.compose?.volumes.get(name);
        if (declared && (declared.external || declared.bindDevice !== undefined)) continue;
        const directory = path.join(dir, name);
        if (!runtime.isDirectory(directory)) continue;
        // Binding files of that directory elsewhere, or building from it, shows the author tells the two apart.
        const used = runtime.containers.some(
          (o) => o.build?.context?.startsWith(directory) === true || o.mounts.some((b) => b.type === 'bind' && b.source !== undefined && (b.source === directory || b.source.startsWith(directory + path.sep))),
        );
        if (used) continue;
        context.report({ messageId: 'named', data: { name: clip(name) }, at: { file: m.file, range: m.range }, owner: c.at, suggest: suggestion(context, m, name) });
      }
    }
  },
};

function suggestion(context: RuntimeContext, m: Mount, name: string): SuggestionDescriptor[] {
  const text = context.runtime.file === m.file ? context.runtime.text : undefined;
  if (text === undefined) return [];
  const entry = text.slice(m.range.start, m.range.end);
  // Only the short syntax becomes a bind by its source alone; the long syntax would need `type: bind` as well.
  if (m.syntax !== 'short') return [];
  const at = entry.search(new RegExp(`(?<![\\w./-])${name.replace(/[.]/g, '\\.')}:`));
  if (at < 0) return [];
  const start = m.range.start + at;
  return [{ desc: `Bind the ./${name} directory instead.`, fix: { range: [start, start], text: './' } }];
}
