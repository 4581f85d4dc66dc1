import type { Node } from 'web-tree-sitter';

/** tree-sitter-bash node shapes, read the way the shell runs them: statements, redirects, lists, `if` clauses. */
/** The node types that are statements, as they appear in a `case` item. */
export const STATEMENTS: ReadonlySet<string> = new Set(['command', 'redirected_statement', 'list', 'pipeline', 'negated_command', 'subshell', 'compound_statement',
  'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'function_definition',
  'variable_assignment', 'variable_assignments', 'declaration_command', 'unset_command', 'test_command']);

export function redirectsOf(node: Node): Node[] {
  const redirects: Node[] = [];
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child && (node.fieldNameForChild(i) === 'redirect' || child.type === 'herestring_redirect')) redirects.push(child);
  }
  return redirects;
}

/** `a && b || c` nests to the left; its commands in order, without recursion. */
export function flattenList(node: Node): Node[] {
  const rights: Node[] = [];
  let current: Node | null = node;
  while (current?.type === 'list') {
    const named: Node[] = current.namedChildren;
    const right = named.length > 1 ? named[named.length - 1] : undefined;
    if (right) rights.push(right);
    current = named[0] ?? null;
  }
  if (current) rights.push(current);
  return rights.reverse();
}

/** The children of `if`/`elif` before `then` (the condition) and after it (the body, up to elif/else/fi). */
export function splitAtThen(node: Node): { condition: Node[]; body: Node[] } {
  const condition: Node[] = [];
  const body: Node[] = [];
  let inBody = false;
  for (const child of node.children) {
    if (child.type === 'then') inBody = true;
    else if (child.type === 'elif_clause' || child.type === 'else_clause') break;
    else (inBody ? body : condition).push(child);
  }
  return { condition, body };
}
