import { argumentText, hostPathShape } from '../src/analysis/volume-args.js';
import type { DockerfileRule, SuggestionDescriptor } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { InstructionModel, Word } from '../src/model/types.js';

export const volumeHostPath: DockerfileRule = {
  meta: {
    id: 'volume-host-path',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['declared-volume'],
    docs: {
      description: 'A VOLUME argument names a host directory (`host:container`, `~`, `./`, `../`): a Dockerfile cannot bind-mount.',
      url: ruleDocUrl('volume-host-path'),
    },
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      pair:
        'VOLUME {{arg}} is written like `docker run -v {{arg}}`, but a Dockerfile cannot choose a host directory or mount options: it declares a volume at a path containing ":" (or the build fails). Declare only the container path here; the host side belongs to `docker run -v` or compose `volumes:`.',
      home:
        'VOLUME {{arg}} points at a home directory on the host, but `~` means nothing in a Dockerfile: the build declares a path literally named "{{arg}}" (or fails). Declare an absolute container path; host directories belong to `docker run -v` or compose `volumes:`.',
      dot:
        'VOLUME {{arg}} is relative to the build context on the host, but VOLUME declares a path inside the image and a Dockerfile cannot bind-mount. Declare an absolute container path; host directories belong to `docker run -v` or compose `volumes:`.',
    },
  },
  check(context) {
    for (const instr of context.model.instructions) {
      if (instr.keyword !== 'VOLUME') continue;
      for (const word of instr.args) {
        const shape = hostPathShape(argumentText(word));
        if (!shape) continue;
        const suggest = shape.kind === 'pair' ? keepContainerPath(instr, word) : [];
        context.report({
          messageId: shape.kind,
          data: { arg: word.value ?? word.raw },
          range: word.range,
          instruction: instr,
          suggest,
        });
      }
    }
  },
};

/** `/home/me/data:/data` → `/data`, when the container part is a plain absolute path written as such. */
function keepContainerPath(instr: InstructionModel, word: Word): SuggestionDescriptor[] {
  // Only an argument written without variables (and, in shell form, quotes or escapes) can be cut safely.
  if (word.raw.includes('$') || (!instr.json && word.value !== word.raw)) return [];
  const written = instr.json ? (word.value ?? '') : word.raw;
  const shape = hostPathShape(written);
  const container = shape?.kind === 'pair' ? shape.container : undefined;
  if (container === undefined) return [];
  const text = instr.json ? JSON.stringify(container) : container;
  return [{ desc: `Keep only the container path ${container}`, fix: { range: [word.range.start, word.range.end], text } }];
}
