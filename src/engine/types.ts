import type { BuilderProfile, DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis } from '../shell/types.js';
import type { Offsets } from '../text/line-index.js';

export type SeverityName = 'off' | 'warn' | 'error';
/** ESLint's numbers: 1 warning, 2 error. */
export type SeverityLevel = 1 | 2;

export type RuleType = 'problem' | 'suggestion' | 'layout';

/** A text edit: replace `range` (offsets [start, end)) with `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

export interface Suggestion {
  desc: string;
  fix: Fix;
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
  fix?: Fix | Fix[];
  suggest?: Suggestion[];
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
