import type { BuilderProfile, DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis } from '../shell/types.js';
import type { RuntimeFile } from '../analysis/runtime-file.js';
import type { Located } from '../runtime/types.js';
import type { Applicability, Fix, FixDescriptor, RelatedInfo, Suggestion, SuggestionDescriptor, TextEdit } from '../text/annotations.js';
import type { Offsets } from '../text/line-index.js';

export type { Applicability, Fix, FixDescriptor, RelatedInfo, Suggestion, SuggestionDescriptor, TextEdit };

export type SeverityName = 'off' | 'warn' | 'error';
/** ESLint's numbers: 1 warning, 2 error. */
export type SeverityLevel = 1 | 2;

export type RuleType = 'problem' | 'suggestion' | 'layout';

/**
 * The kinds of file volint lints, each with what a rule of that kind is given besides the shared context. A new
 * kind (a Compose file, a script) is one more entry here; `FileKind` and the rule and context types follow.
 */
export interface FileKinds {
  dockerfile: {
    readonly model: DockerfileModel;
    /**
     * The file-system effects of a RUN (shell or exec form), parsed once and shared by all rules. Only for a rule
     * that declares the need `run-effects`: the engine loads the shell analysis for such rules only.
     */
    runEffects(instr: InstructionModel): RunAnalysis;
  };
  /** A Compose file, read with the other files of its project (override, `-f` list, `extends`, `include`). */
  compose: RuntimeKind;
  /** A script that runs docker: `*.sh`, a POSIX-shell script, Makefile recipes, GitHub Actions and GitLab CI steps. */
  script: RuntimeKind;
}
export type FileKind = keyof FileKinds;

/** The kinds of file where volumes are mounted rather than declared: the run-time rules read both alike. */
export type RuntimeFileKind = 'compose' | 'script';

/** What a run-time rule reads: the containers of the file and what their images declare. */
export interface RuntimeKind {
  readonly runtime: RuntimeFile;
}

/**
 * A finding of a run-time rule: it may lie in another file of a Compose project (the override file, an `extends`
 * file); the engine keeps those of the linted file, and inline ignores attach to the line where it starts.
 */
export interface RuntimeReport {
  messageId: string;
  data?: Record<string, string>;
  at: Located;
  /** Related places, in any file (the VOLUME of the Dockerfile a service builds). */
  related?: { message: string; at: Located }[];
  /**
   * The container the finding is about (its service key or image word). When `at` lies in a file the service only
   * borrows from (`extends: {file: …}`), the finding goes there, with `at` as a related place and without its edits.
   */
  owner?: Located;
  fix?: FixDescriptor;
  suggest?: SuggestionDescriptor[];
}

/**
 * What a rule needs in order to report anything. The engine derives from these what it may skip: the fast path
 * (a text in which no enabled rule's needs can be met is not even parsed), which rules run on a model, and whether
 * the shell analysis is loaded. A need the rule does not declare is a need it must not have: a rule that reads RUN
 * effects without `run-effects` throws, and one that reports where its scope needs are not met is caught by the
 * fast-path tests over the corpus.
 *
 * - `declared-volume`: reports only in a file that declares a VOLUME (an `ONBUILD VOLUME` counts).
 * - `base-image-facts`: reports only in a file with a FROM naming an image of the base-image table, and reads
 *   what that image declares.
 * - `volume-in-scope`: reports only where a volume is in scope: the file declares one, or a FROM names an image
 *   of the table (either of the two above).
 * - `run-effects`: reads what RUN instructions do (`context.runEffects`), which needs the shell analysis.
 * - `container-command`: classifies what a container's command does (a CMD/ENTRYPOINT, a Compose `command:`, the
 *   command of a `docker run`: shell/command-class.ts), which needs the shell analysis when it runs a script.
 *
 * A rule that declares none of the first three may report on any file: it turns the fast path off.
 */
export type RuleNeed = 'declared-volume' | 'base-image-facts' | 'volume-in-scope' | 'run-effects' | 'container-command';

/** What every rule shows: the shipped rules and the engine's own `unused-ignore`. */
export interface RuleInfo {
  id: string;
  type: RuleType;
  docs: { description: string; url: string };
  /** Severity when the config does not set one; may depend on the builder profile. */
  defaultSeverity: Exclude<SeverityName, 'off'> | Record<BuilderProfile, SeverityName>;
  fixable?: 'code';
  hasSuggestions?: boolean;
  messages: Record<string, string>;
}

export interface RuleMeta<K extends FileKind = FileKind> extends RuleInfo {
  /** The kind of file the rule reads (or the kinds: a run-time rule reads Compose files and scripts); the engine runs it on files of that kind only. */
  reads: K | readonly K[];
  /** What the rule needs to report (see RuleNeed). */
  needs: readonly RuleNeed[];
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string>;
  /** What the finding marks: the offending word, command or redirect. */
  range: Offsets;
  /** The instruction the finding belongs to; inline ignores attach to it. */
  instruction: InstructionModel;
  related?: RelatedInfo[];
  fix?: FixDescriptor;
  suggest?: SuggestionDescriptor[];
}

export interface RuleSettings {
  builder: BuilderProfile;
}

/** What a rule's check is given: the file of its kind, the settings, and where to report. */
export type RuleContext<K extends FileKind> = FileKinds[K] & {
  readonly settings: RuleSettings;
  report(descriptor: K extends 'dockerfile' ? ReportDescriptor : RuntimeReport): void;
};
export type DockerfileContext = RuleContext<'dockerfile'>;
export type RuntimeContext = RuleContext<RuntimeFileKind>;

/** A rule of one file kind, ESLint's shape: what it is and needs (`meta`), and a check that reports through its context. */
export interface RuleFor<K extends FileKind> {
  meta: RuleMeta<K>;
  check(context: RuleContext<K>): void;
}
export type DockerfileRule = RuleFor<'dockerfile'>;
/** A rule of Compose files, scripts, or both. */
export type RuntimeRule = RuleFor<RuntimeFileKind>;
/** A rule of any kind: what the registry and the engine's options hold. */
export type Rule = DockerfileRule | RuntimeRule;

/** The kinds of file a rule reads. */
export function kindsRead(rule: Rule): readonly FileKind[] {
  const reads: FileKind | readonly FileKind[] = rule.meta.reads;
  return typeof reads === 'string' ? [reads] : reads;
}

export function isDockerfileRule(rule: Rule): rule is DockerfileRule {
  return kindsRead(rule).includes('dockerfile');
}

/** The rules of `rules` that read files of `kind`. */
export function rulesReading<K extends FileKind>(rules: readonly Rule[], kind: K): RuleFor<K>[] {
  // A Compose file and a script give their rules the same context, so a rule reading both fits either kind.
  return rules.filter((r) => kindsRead(r).includes(kind)) as unknown as RuleFor<K>[];
}

export interface RelatedLocation {
  message: string;
  /** The file it is in, when not the linted one (a script a RUN executes, the Dockerfile a Compose service builds). */
  filePath?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One finding in ESLint's message shape (1-based lines and columns, end exclusive). */
export interface LintMessage {
  ruleId: string | null;
  severity: SeverityLevel;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  /** Offsets of the marked range in the linted text. */
  range: [number, number];
  relatedLocations?: RelatedLocation[];
  fix?: Fix;
  suggestions?: Suggestion[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, when fixing changed it (ESLint's `output`). */
  output?: string;
  /** The linted text, kept for reporters that show source lines. */
  source?: string;
  /**
   * Other files the result depends on (absolute paths, present or not): build-context scripts a RUN executes,
   * `.dockerignore`; for a Compose file its `.env`, override, `extends` and `include` files and the Dockerfiles its
   * services build; the directories a rule looked for. A cache or an editor lints the file again when one changes.
   */
  dependencies?: string[];
}
