import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

/*
 * Children are read through one cursor per tree, never with Node#children or Node#namedChildren: those keep their
 * array on the node, so a node the walk still holds (a script's first statement, the head of a long `&&` chain)
 * kept every node read below it alive until the walk ended: a 2 MB RUN's whole tree as JS objects, ~90 MB promoted
 * to the old generation. Read this way, a node is garbage once the walk is past it.
 */
const cursors = new WeakMap<Tree, TreeCursor>();

function cursorOn(node: Node): TreeCursor {
  const cursor = cursors.get(node.tree);
  if (cursor) {
    cursor.reset(node);
    return cursor;
  }
  const created = node.walk();
  cursors.set(node.tree, created);
  return created;
}

/** Frees the cursor of a tree that is about to be deleted. */
export function releaseCursor(tree: Tree): void {
  cursors.get(tree)?.delete();
  cursors.delete(tree);
}

/** The children of `node`, a new array each time (Node#children, uncached). */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  if (node.childCount === 0) return out;
  const cursor = cursorOn(node);
  if (cursor.gotoFirstChild()) {
    do out.push(cursor.currentNode);
    while (cursor.gotoNextSibling());
  }
  return out;
}

/** The named children of `node`, a new array each time (Node#namedChildren, uncached). */
export function namedChildrenOf(node: Node): Node[] {
  const out: Node[] = [];
  if (node.childCount === 0) return out;
  const cursor = cursorOn(node);
  if (cursor.gotoFirstChild()) {
    do if (cursor.nodeIsNamed) out.push(cursor.currentNode);
    while (cursor.gotoNextSibling());
  }
  return out;
}

/** The children of `node` with the field each fills (`name`, `argument`, `redirect`...), or null. */
export function fieldChildrenOf(node: Node): { node: Node; field: string | null }[] {
  const out: { node: Node; field: string | null }[] = [];
  if (node.childCount === 0) return out;
  const cursor = cursorOn(node);
  if (cursor.gotoFirstChild()) {
    do out.push({ node: cursor.currentNode, field: cursor.currentFieldName });
    while (cursor.gotoNextSibling());
  }
  return out;
}

/** tree-sitter-bash node shapes, read the way the shell runs them: statements, redirects, lists, `if` clauses. */
/** The node types that are statements, as they appear in a `case` item. */
export const STATEMENTS: ReadonlySet<string> = new Set(['command', 'redirected_statement', 'list', 'pipeline', 'negated_command', 'subshell', 'compound_statement',
  'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'function_definition',
  'variable_assignment', 'variable_assignments', 'declaration_command', 'unset_command', 'test_command']);

export function redirectsOf(node: Node): Node[] {
  return fieldChildrenOf(node).flatMap(({ node: child, field }) => (field === 'redirect' || child.type === 'herestring_redirect' ? [child] : []));
}

/** Redirects for no command. */
const NONE: readonly Node[] = [];

/**
 * A redirected statement whose redirects the shell gives to the last command of its list body (`a && b > f`), when
 * they are all file redirects.
 */
function redirectedList(node: Node): readonly Node[] | undefined {
  if (node.type !== 'redirected_statement' || node.childForFieldName('body')?.type !== 'list') return undefined;
  const own = redirectsOf(node);
  return own.every((r) => r.type === 'file_redirect') ? own : undefined;
}

/** True for what `ChainParts` walks through: a list, or a redirected statement of a list. */
export function isChain(node: Node): boolean {
  return node.type === 'list' || redirectedList(node) !== undefined;
}

/**
 * The parts of a chain in the order they run, each with the redirects the shell gives it: `a && b > f || c` is a list
 * whose first part is a redirected statement whose body is a list, and so on, as deep as the chain is long. A cursor
 * walks down that spine and back up, so that a chain of n commands costs the walk a few objects, not n nodes held
 * from the start until their turn (a 2 MB RUN: every command of it). Parts that are chains themselves come out as
 * parts (the caller walks them with a ChainParts of their own); the first part of each level never does.
 */
export class ChainParts {
  private readonly cursor: TreeCursor;
  private started = false;
  private done = false;
  /** The cursor is on a part not handed out yet (found looking ahead). */
  private pending = false;
  /** How far below the root the cursor is: counted here, as TreeCursor#currentDepth counts it anew at each call. */
  private depth = 0;

  constructor(
    root: Node,
    /** The redirects the chain's last command gets from around the chain. */
    private readonly redirects: readonly Node[],
  ) {
    this.cursor = root.walk();
  }

  /** The next part and its redirects; undefined once the chain is over (the cursor is then freed). */
  next(): { node: Node; redirects: readonly Node[] } | undefined {
    const cursor = this.cursor;
    if (this.done) return undefined;
    if (!this.started) {
      this.started = true;
      if (!this.descend()) {
        this.finish();
        return undefined;
      }
    } else if (!this.pending) {
      // On a spine node whose parts have all run: the part after it comes next, in its list or one further up.
      for (;;) {
        if (this.depth === 0) {
          this.finish();
          return undefined;
        }
        if (this.nextPart()) break;
        this.climb();
      }
    }
    // On a part: look ahead for the part after it in the same list.
    const part = cursor.currentNode;
    this.pending = this.nextPart();
    if (this.pending) return { node: part, redirects: NONE };
    // `part` is the last of its list, and gets the list's redirects.
    return { node: part, redirects: this.climb() };
  }

  /**
   * Up from the last part of a list to the list, and on to the redirected statement whose body it is: the redirects
   * the shell gives that last part.
   */
  private climb(): readonly Node[] {
    const cursor = this.cursor;
    const body = cursor.gotoParent() && cursor.currentFieldName === 'body';
    this.depth--;
    let redirects = NONE;
    if (body && cursor.gotoParent()) {
      this.depth--;
      redirects = redirectedList(cursor.currentNode) ?? NONE;
    }
    if (this.depth === 0 && this.redirects.length > 0) redirects = [...redirects, ...this.redirects];
    return redirects;
  }

  /** Frees the cursor of a chain left unfinished (an exception). */
  dispose(): void {
    if (!this.done) this.finish();
  }

  private finish(): void {
    this.done = true;
    this.cursor.delete();
  }

  /** Down the first parts from the root to the first command that runs; false when a list has no part. */
  private descend(): boolean {
    const cursor = this.cursor;
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'list') {
        if (!cursor.gotoFirstChild()) return false;
        this.depth++;
        if (!isPart(cursor) && !this.nextPart()) return false;
      } else if (type === 'redirected_statement' && redirectedList(cursor.currentNode)) {
        if (!cursor.gotoFirstChild()) return false;
        this.depth++;
        while (cursor.currentFieldName !== 'body') if (!cursor.gotoNextSibling()) return false;
      } else {
        return true;
      }
    }
  }

  /** Moves to the next part of the list the cursor is in; false when there is none (the cursor is then past the last). */
  private nextPart(): boolean {
    const cursor = this.cursor;
    while (cursor.gotoNextSibling()) if (isPart(cursor)) return true;
    return false;
  }
}

/** A part of a list: a named child other than a comment. */
function isPart(cursor: TreeCursor): boolean {
  return cursor.nodeIsNamed && cursor.nodeType !== 'comment';
}

/** `a && b || c` nests to the left; its commands in order, without recursion. */
export function flattenList(node: Node): Node[] {
  const rights: Node[] = [];
  let current: Node | null = node;
  while (current?.type === 'list') {
    const named = namedChildrenOf(current);
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
  for (const child of childrenOf(node)) {
    if (child.type === 'then') inBody = true;
    else if (child.type === 'elif_clause' || child.type === 'else_clause') break;
    else (inBody ? body : condition).push(child);
  }
  return { condition, body };
}
