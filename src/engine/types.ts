import type { BuilderProfile, DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis } from '../shell/types.js';
import type { Offsets } from '../text/line-index.js';

export type SeverityName = 'off' | 'warn' | 'error';
/** ESLint's numbers: 1 warning, 2 error. */
export type SeverityLevel = 1 | 2;

export type RuleType = 'problem' | 'suggestion' | 'layout';

/** A text edit: replace `range` (offsets [start, end)) with `text`. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/**
 * Ruff's fix applicability. A `safe` fix keeps what the Dockerfile means and never makes a build that worked fail:
 * `--fix` applies it. An `unsafe` fix may change either (a layer, an owner, what a child stage inherits): it is
 * applied only with `--unsafe-fixes`, and ESLint shows it as a suggestion.
 */
export type Applicability = 'safe' | 'unsafe';

/**
 * A fix: edits applied together or not at all, sorted and not overlapping. A fix that moves a line is two small
 * edits rather than one covering everything between, so that many findings sharing one fix stay small in every
 * output format.
 */
export interface Fix {
  applicability: Applicability;
  edits: TextEdit[];
}

export interface Suggestion {
  desc: string;
  fix: Fix;
}

/** What a rule hands to `report` as a fix: one edit or several (safe), or a Fix that states its applicability. */
export type FixDescriptor = TextEdit | readonly TextEdit[] | Fix;

export interface SuggestionDescriptor {
  desc: string;
  fix: FixDescriptor;
}

export interface RuleMeta {
  id: string;
  type: RuleType;
  docs: { description: string; url: string };
  /** Severity when the config does not set one; may depend on the builder profile. */
  defaultSeverity: Exclude<SeverityName, 'off'> | Record<BuilderProfile, SeverityName>;
  fixable?: 'code';
  hasSuggestions?: boolean;
  messages: Record<string, string>;
}

export interface RelatedInfo {
  message: string;
  range: Offsets;
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

export interface RuleContext {
  readonly model: DockerfileModel;
  readonly settings: RuleSettings;
  /** The file-system effects of a RUN (shell or exec form), parsed once and shared by all rules. */
  runEffects(instr: InstructionModel): RunAnalysis;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export interface RelatedLocation {
  message: string;
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
}
