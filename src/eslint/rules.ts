import type { RuleDefinition, RuleTextEdit, RuleTextEditor, SuggestedEdit } from '@eslint/core';
import { UNUSED_IGNORE_META } from '../engine/ignores.js';
import { applicableRules } from '../engine/linter.js';
import { runRule, toLineColumns, unusedIgnoreFindings, type Finding } from '../engine/rule-run.js';
import { rulesReading, type DockerfileRule, type Fix, type RelatedLocation, type Rule, type RuleInfo } from '../rule-api/types.js';
import type { DockerfileModel } from '../model/types.js';
import type { DockerfileSourceCode } from './source-code.js';

/** The language's id in a config: `language: 'volint/dockerfile'`, and each rule's `meta.languages`. */
export const LANGUAGE_ID = 'volint/dockerfile';

/** ESLint has no related locations: they are appended to the message, through this placeholder. */
const RELATED = 'volintRelated';

type EslintRule = RuleDefinition<{
  LangOptions: Record<string, unknown>;
  Code: DockerfileSourceCode;
  RuleOptions: [];
  Visitor: { Dockerfile?: () => void; 'Dockerfile:exit'?: () => void };
  Node: unknown;
  MessageIds: string;
  ExtRuleDocs: { recommended: boolean };
}>;

/** The rules that read a Dockerfile (meta.reads): the only ones the Dockerfile language can run. */
export function dockerfileRules(rules: readonly Rule[]): DockerfileRule[] {
  return rulesReading(rules, 'dockerfile');
}

/**
 * volint's rule as an ESLint rule: the same check, run over the file's shared session (one shell analysis per RUN for
 * all rules, volint's own ignore comments), each finding reported through ESLint's context with its message id.
 */
export function eslintRule(rule: DockerfileRule): EslintRule {
  return {
    meta: eslintMeta(rule.meta),
    create(context) {
      const source = context.sourceCode;
      // As in the engine: a rule whose needs the file does not meet cannot report, and is not run.
      if (applicableRules([rule], source.model, source.settings.baseImages).length === 0) return {};
      return {
        Dockerfile() {
          runRule(source.session, rule, (finding) => {
            context.report(toReport(source.model, finding));
          });
        },
      };
    },
  };
}

/**
 * `# volint ignore=` comments that no rule used. It runs when ESLint leaves the file, after every enabled rule has
 * run (they all report on entering it); like the CLI, it counts an ignore for a disabled rule as unused.
 */
export function unusedIgnoreRule(knownIds: ReadonlySet<string>): EslintRule {
  return {
    meta: eslintMeta(UNUSED_IGNORE_META),
    create(context) {
      const source = context.sourceCode;
      return {
        'Dockerfile:exit'() {
          for (const finding of unusedIgnoreFindings(source.session, knownIds)) context.report(toReport(source.model, finding));
        },
      };
    },
  };
}

function eslintMeta(meta: RuleInfo): EslintRule['meta'] {
  const messages: Record<string, string> = {};
  for (const [id, template] of Object.entries(meta.messages)) messages[id] = `${template}{{${RELATED}}}`;
  return {
    type: meta.type,
    docs: { description: meta.docs.description, url: meta.docs.url, recommended: true },
    ...(meta.fixable ? { fixable: meta.fixable } : {}),
    // An unsafe fix becomes a suggestion.
    ...(meta.hasSuggestions || meta.fixable ? { hasSuggestions: true } : {}),
    messages,
    schema: [],
    languages: [LANGUAGE_ID],
  };
}

type Report = Parameters<Parameters<EslintRule['create']>[0]['report']>[0];

function toReport(model: DockerfileModel, finding: Finding): Report {
  const at = toLineColumns(model, finding.range);
  const safe = finding.fix?.applicability === 'safe' ? finding.fix : undefined;
  const unsafe = finding.fix?.applicability === 'unsafe' ? finding.fix : undefined;
  const suggest: SuggestedEdit[] = [
    ...(unsafe ? [{ desc: UNSAFE_FIX_DESC, fix: edit(unsafe) }] : []),
    ...(finding.suggestions ?? []).map((s) => ({ desc: s.desc, fix: edit(s.fix) })),
  ];
  return {
    messageId: finding.messageId,
    data: { ...finding.data, [RELATED]: relatedText(finding.related) },
    // ESLint's columns count from 0 in reports (this language's columnStart), volint's from 1.
    loc: { start: { line: at.line, column: at.column - 1 }, end: { line: at.endLine, column: at.endColumn - 1 } },
    ...(safe ? { fix: edit(safe) } : {}),
    ...(suggest.length > 0 ? { suggest } : {}),
  };
}

/** ESLint's side of the safe/unsafe split: `eslint --fix` applies what `volint --fix` applies; an unsafe fix is offered. */
export const UNSAFE_FIX_DESC = 'Apply the unsafe fix (volint --fix --unsafe-fixes): read the rule doc first.';

function edit(fix: Fix): (fixer: RuleTextEditor) => RuleTextEdit[] {
  return (fixer) => fix.edits.map((e) => fixer.replaceTextRange(e.range, e.text));
}

/** ` (3:8: VOLUME /data is declared here.)`: where the finding's related locations are, in the message. */
export function relatedText(related: readonly RelatedLocation[]): string {
  if (related.length === 0) return '';
  return ` (${related.map((r) => `${r.line}:${r.column}: ${r.message}`).join('; ')})`;
}
