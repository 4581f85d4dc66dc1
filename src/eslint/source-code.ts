import type { FileProblem, RulesConfig } from '@eslint/core';
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import { createFileSession, type AnalyzeRun, type FileOrigin, type FileSession } from '../engine/rule-run.js';
import type { DockerfileModel } from '../model/types.js';
import type { CommentNode, DockerfileNode, DockerfileSyntaxNode, InstructionNode, Location } from './ast.js';
import type { DockerfileLanguageOptions, LanguageSettings } from './language-options.js';

const commentParser = new ConfigCommentParser();
/** A comment ESLint reads: `eslint-disable…`, `eslint-enable` or `eslint` (inline config). */
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

type SyntaxElement = DockerfileSyntaxNode | CommentNode;

/** The source code object ESLint hands to rules for a Dockerfile: text, tree, comments, and volint's model of the file. */
export class DockerfileSourceCode extends TextSourceCodeBase<{
  LangOptions: DockerfileLanguageOptions;
  RootNode: DockerfileNode;
  SyntaxElementWithLoc: SyntaxElement;
  ConfigNode: CommentNode;
}> {
  override ast: DockerfileNode;
  readonly model: DockerfileModel;
  readonly settings: LanguageSettings;
  readonly comments: CommentNode[];
  readonly #analyzeRun: AnalyzeRun | undefined;
  readonly #origin: FileOrigin;
  #session: FileSession | undefined;
  #steps: VisitNodeStep[] | undefined;
  readonly #parents = new WeakMap<SyntaxElement, DockerfileSyntaxNode>();
  #inlineConfigComments: CommentNode[] | undefined;

  constructor(options: { text: string; ast: DockerfileNode; model: DockerfileModel; settings: LanguageSettings; analyzeRun: AnalyzeRun | undefined; origin: FileOrigin }) {
    super({ text: options.text, ast: options.ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = options.ast;
    this.model = options.model;
    this.settings = options.settings;
    this.comments = options.ast.comments;
    this.#analyzeRun = options.analyzeRun;
    this.#origin = options.origin;
  }

  /** What volint's rules of this file share (the RUN analyses and `# volint` ignore comments), made on first use. */
  get session(): FileSession {
    return (this.#session ??= createFileSession(this.model, { builder: this.settings.config.builder }, this.#analyzeRun, this.#origin));
  }

  override getLoc(node: SyntaxElement): Location {
    return node.loc;
  }

  override getRange(node: SyntaxElement): [number, number] {
    return node.range;
  }

  override getParent(node: SyntaxElement): DockerfileSyntaxNode | undefined {
    if (!this.#steps) this.traverse();
    return this.#parents.get(node);
  }

  getAllComments(): CommentNode[] {
    return this.comments;
  }

  getInlineConfigNodes(): CommentNode[] {
    return (this.#inlineConfigComments ??= this.comments.filter((c) => INLINE_CONFIG.test(c.value)));
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(comment.value);
      if (!directive) continue;
      const { label, value, justification } = directive;
      if (label === 'eslint-disable' || label === 'eslint-enable' || label === 'eslint-disable-next-line' || label === 'eslint-disable-line') {
        const type = label.slice('eslint-'.length) as 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
        directives.push(new Directive({ type, node: comment, value, justification }));
      }
    }
    return { problems, directives };
  }

  /** `# eslint volint/volume-syntax: off` comments. */
  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: Location }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: Location }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(comment.value);
      if (directive?.label !== 'eslint') continue;
      const parsed = commentParser.parseJSONLikeConfig(directive.value);
      if (parsed.ok) configs.push({ config: { rules: parsed.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: parsed.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }

  override traverse(): Iterable<VisitNodeStep> {
    if (this.#steps) return this.#steps;
    const steps: VisitNodeStep[] = [];
    const visit = (node: DockerfileSyntaxNode, parent: DockerfileSyntaxNode | undefined): void => {
      if (parent) this.#parents.set(node, parent);
      steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, parent] }));
      const children: InstructionNode[] = node.type === 'Dockerfile' ? node.body : node.trigger ? [node.trigger] : [];
      for (const child of children) visit(child, node);
      steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, parent] }));
    };
    visit(this.ast, undefined);
    this.#steps = steps;
    return steps;
  }
}
