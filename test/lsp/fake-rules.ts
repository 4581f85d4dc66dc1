import type { DockerfileRule } from '../../src/rule-api/types.js';

/**
 * A fixable rule with a suggestion, for the editor features no shipped rule may exercise yet: it flags a keyword
 * written in lower case, fixes it to upper case and suggests deleting the instruction.
 */
export const lowercaseKeyword: DockerfileRule = {
  meta: {
    id: 'test-lowercase-keyword',
    type: 'layout',
    reads: 'dockerfile',
    needs: [],
    docs: { description: 'Keyword in lower case (test rule).', url: 'https://example.test/rules/test-lowercase-keyword.md' },
    defaultSeverity: 'error',
    fixable: 'code',
    hasSuggestions: true,
    messages: { lower: '`{{word}}` is in lower case. Write {{upper}}.' },
  },
  check(context) {
    for (const instruction of context.model.instructions) {
      const { start, end } = instruction.keywordRange;
      const word = context.model.text.slice(start, end);
      if (word === word.toUpperCase()) continue;
      const lineStart = context.model.lines.offsetAt({ line: context.model.lines.positionAt(start).line, character: 0 });
      context.report({
        messageId: 'lower',
        data: { word, upper: word.toUpperCase() },
        range: instruction.keywordRange,
        instruction,
        related: [{ message: 'The first instruction.', range: context.model.instructions[0]?.keywordRange ?? instruction.keywordRange }],
        fix: { range: [start, end], text: word.toUpperCase() },
        suggest: [{ desc: `Delete this ${word.toUpperCase()} line`, fix: { range: [lineStart, instruction.range.end], text: '' } }],
      });
    }
  },
};
