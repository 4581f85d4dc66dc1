import type { Document, Node } from 'yaml';
import { entries, items, parseYaml, resolve, scalarText } from '../compose/yaml-nodes.js';
import { ScriptBuilder, type ScriptSource } from '../shell/script-source.js';
import type { Offsets } from '../text/line-index.js';
import type { ScriptKind } from './kinds.js';

/** A shell script found in a file, with the file offset of each of its characters and the variables it starts with. */
export interface Snippet {
  source: ScriptSource;
  /** Variables known before the script runs (Makefile, workflow `env:`, GitLab `variables:`); undefined values are unknown. */
  vars: ReadonlyMap<string, string | undefined>;
}

export interface ScriptSnippets {
  snippets: Snippet[];
  /** A YAML file that cannot be read: the reason and where. */
  problem?: { message: string; range: Offsets };
}

export function scriptSnippets(kind: ScriptKind, text: string): ScriptSnippets {
  switch (kind) {
    case 'shell':
      return { snippets: [{ source: withoutCarriageReturns(text, 0, text.length), vars: new Map() }] };
    case 'makefile':
      return { snippets: makefileRecipes(text) };
    case 'github-actions':
    case 'gitlab-ci':
      return yamlScripts(kind, text);
  }
}

/** The text as a script, CR of CRLF dropped (tree-sitter-bash reads a CR as part of a word). */
function withoutCarriageReturns(text: string, from: number, to: number): ScriptSource {
  const out = new ScriptBuilder(to - from);
  let pos = from;
  while (pos < to) {
    const cr = text.indexOf('\r', pos);
    if (cr < 0 || cr >= to) {
      out.appendSpan(text, pos, to);
      break;
    }
    out.appendSpan(text, pos, cr);
    pos = cr + 1;
  }
  return out.build(to);
}

// ---- Makefiles ----------------------------------------------------------------------------------------------

const MAKE_ASSIGNMENT = /^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:::=|:=|\?=|\+=|!=|=)[ \t]*(.*)$/;
const MAKE_RULE = /^[^\t#=][^=]*?:(?!=)/;

/**
 * Recipe lines of a Makefile, each a script of its own (make runs each line in a new shell). Make expands
 * `$(VAR)` and `${VAR}` before the shell sees the line: a variable the Makefile sets to a plain value is put in;
 * any other becomes an unset shell variable of the same name (unknown to the analysis), and `$$` becomes `$`.
 */
function makefileRecipes(text: string): Snippet[] {
  const vars = new Map<string, string | undefined>();
  const snippets: Snippet[] = [];
  const lines = logicalLines(text);
  let inRule = false;
  for (const line of lines) {
    const body = text.slice(line.start, line.end);
    if (body.startsWith('\t')) {
      if (inRule) snippets.push({ source: recipeSource(text, line.start + 1, line.end, vars), vars: new Map() });
      continue;
    }
    if (/^\s*(?:#.*)?$/.test(body)) continue;
    const assignment = MAKE_ASSIGNMENT.exec(body);
    if (assignment?.[1] && !MAKE_RULE.test(body.replace(/[:?+!]?=.*$/, ''))) {
      const value = (assignment[2] ?? '').replace(/\\\r?\n[ \t]*/g, ' ').replace(/[ \t]+#.*$/, '').trim();
      vars.set(assignment[1], /\$/.test(value) || body.includes('+=') || body.includes('!=') ? undefined : value);
      inRule = false;
      continue;
    }
    inRule = MAKE_RULE.test(body);
  }
  return snippets;
}

/** Lines of the file with their continuation lines (a recipe's backslash-newline stays for the shell to join). */
function logicalLines(text: string): Offsets[] {
  const out: Offsets[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    for (;;) {
      const nl = text.indexOf('\n', end);
      const lineEnd = nl < 0 ? text.length : nl;
      const content = text.slice(end, lineEnd).replace(/\r$/, '');
      if (content.endsWith('\\') && nl >= 0) {
        end = nl + 1;
        continue;
      }
      end = lineEnd;
      break;
    }
    out.push({ start, end });
    start = end + 1;
  }
  return out;
}

function recipeSource(text: string, from: number, to: number, vars: ReadonlyMap<string, string | undefined>): ScriptSource {
  const out = new ScriptBuilder(to - from);
  let pos = from;
  // Recipe prefixes: @ (silent), - (ignore errors), + (run under -n).
  while (pos < to && /[@\-+ \t]/.test(text[pos] ?? '')) pos++;
  while (pos < to) {
    const c = text[pos];
    if (c === '\r') {
      pos++;
      continue;
    }
    if (c === '\n') {
      out.appendSpan(text, pos, pos + 1);
      pos++;
      // Make removes one recipe tab at the start of a continuation line.
      if (text[pos] === '\t') pos++;
      continue;
    }
    if (c !== '$') {
      out.appendSpan(text, pos, pos + 1);
      pos++;
      continue;
    }
    const next = text[pos + 1];
    if (next === '$') {
      out.appendMapped('$', pos, pos + 2);
      pos += 2;
      continue;
    }
    if (next === '(' || next === '{') {
      const close = matching(text, pos + 1, to);
      const inner = close < 0 ? '' : text.slice(pos + 2, close);
      const end = close < 0 ? to : close + 1;
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) ? inner : undefined;
      const value = name === undefined ? undefined : vars.get(name);
      out.appendMapped(value ?? `\${${name ?? 'VOLINT_MAKE_EXPANSION'}}`, pos, end);
      pos = end;
      continue;
    }
    // `$@`, `$<`, `$X`: automatic and one-letter variables, unknown to the shell.
    out.appendMapped('${VOLINT_MAKE_EXPANSION}', pos, Math.min(pos + 2, to));
    pos += 2;
  }
  return out.build(to);
}

function matching(text: string, open: number, to: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return -1;
}

// ---- CI files -------------------------------------------------------------------------------------------------

const GITLAB_RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'pages:deploy']);

function yamlScripts(kind: ScriptKind, text: string): ScriptSnippets {
  const { doc, errors } = parseYaml(text);
  const first = errors[0];
  if (first) return { snippets: [], problem: { message: `Not valid YAML: ${first.message}`, range: first.range } };
  const top = entries(doc, doc.contents);
  const snippets: Snippet[] = [];
  if (kind === 'github-actions') {
    const workflowEnv = envMap(doc, top.get('env')?.value);
    const workflowShell = scalarText(doc, entries(doc, entries(doc, top.get('defaults')?.value).get('run')?.value).get('shell')?.value);
    for (const job of entries(doc, top.get('jobs')?.value).values()) {
      const j = entries(doc, job.value);
      const runsOn = scalarText(doc, j.get('runs-on')?.value) ?? '';
      const jobShell = scalarText(doc, entries(doc, entries(doc, j.get('defaults')?.value).get('run')?.value).get('shell')?.value) ?? workflowShell;
      const jobEnv = new Map([...workflowEnv, ...envMap(doc, j.get('env')?.value)]);
      for (const step of items(doc, j.get('steps')?.value)) {
        const s = entries(doc, step.node);
        const run = s.get('run');
        if (!run) continue;
        const shell = scalarText(doc, s.get('shell')?.value) ?? jobShell ?? (/windows/i.test(runsOn) ? 'pwsh' : 'bash');
        if (!/^(?:bash|sh)\b/.test(shell)) continue;
        const source = scalarSource(doc, text, run.value);
        if (source) snippets.push({ source, vars: new Map([...jobEnv, ...envMap(doc, s.get('env')?.value)]) });
      }
    }
    return { snippets };
  }
  const globalVars = envMap(doc, top.get('variables')?.value);
  const defaults = entries(doc, top.get('default')?.value);
  const globalBefore = defaults.get('before_script') ?? top.get('before_script');
  for (const [name, job] of top) {
    if (GITLAB_RESERVED.has(name) || name.startsWith('.') && !entries(doc, job.value).has('script')) continue;
    const j = entries(doc, job.value);
    if (!j.has('script')) continue;
    const vars = new Map([...globalVars, ...envMap(doc, j.get('variables')?.value)]);
    const parts = [j.get('before_script') ?? globalBefore, j.get('script'), j.get('after_script')];
    for (const part of parts) {
      for (const line of flatItems(doc, part?.value)) {
        const source = scalarSource(doc, text, line);
        if (source) snippets.push({ source, vars });
      }
    }
  }
  return { snippets };
}

function flatItems(doc: Document, node: Node | null | undefined, depth = 0): (Node | null)[] {
  if (depth > 8) return [];
  return items(doc, node).flatMap((i) => (scalarText(doc, i.node) !== undefined ? [i.node] : flatItems(doc, i.node, depth + 1)));
}

function envMap(doc: Document, node: Node | null | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const e of entries(doc, node).values()) {
    const value = scalarText(doc, e.value) ?? scalarText(doc, entries(doc, e.value).get('value')?.value);
    out.set(e.key, value === undefined || value.includes('${{') || value.includes('$') ? undefined : value);
  }
  return out;
}

/**
 * The script a YAML scalar holds, each line mapped back to where it is written in the file (found line by line
 * from the scalar's start; a line that cannot be found, such as one with a decoded escape, maps to the whole
 * scalar). GitHub `${{ … }}` expressions become an unset shell variable: their value is unknown.
 */
function scalarSource(doc: Document, text: string, node: Node | null | undefined): ScriptSource | undefined {
  const n = resolve(doc, node);
  const value = scalarText(doc, n);
  const range = n?.range;
  if (value === undefined || !range) return undefined;
  const out = new ScriptBuilder(value.length);
  let cursor = range[0];
  const lines = value.split('\n');
  lines.forEach((line, index) => {
    if (index > 0) out.appendMapped('\n', cursor, cursor);
    if (line === '') return;
    const at = text.indexOf(line, cursor);
    if (at >= 0 && at + line.length <= range[1]) {
      appendWithExpressions(out, text, at, at + line.length);
      cursor = at + line.length;
    } else out.appendMapped(line.replace(/\$\{\{[^}]*\}\}/g, '${VOLINT_CI_EXPRESSION}'), range[0], range[1]);
  });
  return out.build(range[1]);
}

function appendWithExpressions(out: ScriptBuilder, text: string, from: number, to: number): void {
  let pos = from;
  while (pos < to) {
    const open = text.indexOf('${{', pos);
    if (open < 0 || open >= to) {
      out.appendSpan(text, pos, to);
      return;
    }
    const close = text.indexOf('}}', open);
    const end = close < 0 || close + 2 > to ? to : close + 2;
    out.appendSpan(text, pos, open);
    out.appendMapped('${VOLINT_CI_EXPRESSION}', open, end);
    pos = end;
  }
}
