import { argumentText, hostPathShape } from '../src/analysis/volume-args.js';
import type { DockerfileRule, SuggestionDescriptor } from '../src/rule-api/types.js';
import { ruleDocUrl } from '../src/model/builders.js';
import type { InstructionModel, Word } from '../src/model/types.js';
import { clip } from '../src/text/clip.js';

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
      pair: 'VOLUME {{arg}} cannot mount a host path; declare only the container path, mount with `docker run -v`.',
      home: 'VOLUME {{arg}} cannot mount a home directory (`~` means nothing here); declare an absolute container path.',
      dot: 'VOLUME {{arg}} cannot mount a host path; declare an absolute container path, mount with `docker run -v`.',
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
          data: { arg: clip(word.value ?? word.raw) },
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
