import type { ImageWrite } from '../src/analysis/image-facts.js';
import type { RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { isStrictlyUnder, isUnderOrEqual } from '../src/model/paths.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { Mount } from '../src/runtime/types.js';
import { clip } from '../src/text/clip.js';

export const mountHidesImageContent: RuntimeRule = {
  meta: {
    id: 'mount-hides-image-content',
    type: 'problem',
    reads: 'compose',
    needs: [],
    docs: {
      description: 'A bind mount hides what the built image put at its path (`node_modules` under `.:/app`), or a volume keeps an old copy of it after a rebuild.',
      url: ruleDocUrl('mount-hides-image-content'),
    },
    defaultSeverity: 'warn',
    messages: {
      bind: 'This bind mount hides the {{path}} that `{{command}}` built into the image: mount a volume at {{path}}, or bind less.',
      anonymous: 'This anonymous volume keeps the {{path}} of the first build: after a rebuild, recreate it with `up --renew-anon-volumes`.',
      named: 'Volume {{name}} is filled from the image only when empty: after a rebuild it keeps the old {{path}}.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    for (const c of runtime.containers) {
      if (!c.build) continue;
      const writes = runtime.facts(c).writes;
      if (writes.length === 0) continue;
      for (const m of c.mounts) {
        if (m.target === undefined || (m.type !== 'bind' && m.type !== 'volume')) continue;
        // Under a bind, only what a package manager installed: code the build cloned or copied is what the bind replaces on purpose.
        const hidden = writes.filter((w) => (m.type !== 'bind' || w.install) && isUnderOrEqual(w.path, m.target ?? '') && !closerMount(c.mounts, m, w));
        const first = hidden[0];
        if (!first) continue;
        const related = [{ message: `\`${first.command}\` writes ${first.path} in the image here.`, at: first.at }];
        const path = clip(first.path);
        if (m.type === 'bind') context.report({ messageId: 'bind', data: { path, command: clip(first.command) }, at: m, owner: c.at, related });
        else if (m.source === undefined && m.sourceText === undefined) context.report({ messageId: 'anonymous', data: { path }, at: m, owner: c.at, related });
        else if (m.source !== undefined) context.report({ messageId: 'named', data: { path, name: clip(m.source) }, at: m, owner: c.at, related });
      }
    }
  },
};

/** Another mount nearer to the write takes the path over (an anonymous `/app/node_modules` under `.:/app`). */
function closerMount(mounts: readonly Mount[], m: Mount, w: ImageWrite): boolean {
  return mounts.some((o) => o !== m && o.target !== undefined && m.target !== undefined && isStrictlyUnder(o.target, m.target) && isUnderOrEqual(w.path, o.target));
}
