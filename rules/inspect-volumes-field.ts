import type { Fix, RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';

/** `.Volumes` at the root of a template action: `{{.Volumes}}`, `{{ json .Volumes }}`, `{{range $k, $v := .Volumes}}`. */
const VOLUMES_FIELD = /(?<![\w.\])$])\.Volumes\b/g;

export const inspectVolumesField: RuntimeRule = {
  meta: {
    id: 'inspect-volumes-field',
    type: 'problem',
    reads: 'script',
    needs: [],
    docs: {
      description: '`docker inspect` with a `{{.Volumes}}` template: containers have had no `.Volumes` field since Engine 1.8; use `.Mounts`.',
      url: ruleDocUrl('inspect-volumes-field'),
    },
    defaultSeverity: 'warn',
    fixable: 'code',
    messages: {
      volumes: 'Containers have no .Volumes field since Docker 1.8, so this prints nothing: use .Mounts.',
    },
  },
  check(context: RuntimeContext): void {
    const script = context.runtime.script;
    if (!script) return;
    for (const command of script.commands) {
      if (command.verb !== 'inspect' || !command.format) continue;
      if (command.object !== 'any' && command.object !== 'container') continue;
      const format = command.format;
      const source = format.known ? format.word.source() : undefined;
      for (const m of format.text.matchAll(VOLUMES_FIELD)) {
        const inside = format.text.lastIndexOf('{{', m.index) > format.text.lastIndexOf('}}', m.index);
        if (!inside) continue;
        const range = source && source.text === format.text ? source.rangeOf(m.index, m.index + m[0].length) : format.range;
        const exact = range.end - range.start === m[0].length && script.text.slice(range.start, range.end) === '.Volumes';
        // Unsafe: `.Mounts` is a list of mount objects where `.Volumes` was a path → directory map, so the template
        // prints something of another shape, which whatever reads the output may not expect.
        const fix: Fix | undefined = exact ? { applicability: 'unsafe', edits: [{ range: [range.start, range.end], text: '.Mounts' }] } : undefined;
        context.report({ messageId: 'volumes', at: { file: script.file, range }, ...(fix ? { fix } : {}) });
      }
    }
  },
};
