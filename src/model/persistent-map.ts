/*
 * An immutable map from strings, ordered by key, whose changes share everything they do not touch: a treap whose
 * priorities come from the keys (so the shape never depends on chance). Setting a key costs a new path from the root,
 * O(log n) expected; the model keeps one version per instruction without copying (a chain of stages would otherwise
 * copy its ENV, ARG and volumes once per stage: n²/2 entries).
 */

interface TreapNode<V> {
  readonly key: string;
  readonly priority: number;
  readonly value: V;
  readonly left: TreapNode<V> | undefined;
  readonly right: TreapNode<V> | undefined;
}

function priorityOf(key: string): number {
  // FNV-1a: a key's priority is fixed, and different keys spread evenly.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function find<V>(node: TreapNode<V> | undefined, key: string): TreapNode<V> | undefined {
  while (node) {
    if (key === node.key) return node;
    node = key < node.key ? node.left : node.right;
  }
  return undefined;
}

/** `node` with `key` set to `value`: a new path from the root, every other node shared. */
function insert<V>(node: TreapNode<V> | undefined, key: string, value: V, priority: number): TreapNode<V> {
  if (!node) return { key, priority, value, left: undefined, right: undefined };
  if (key === node.key) return { ...node, value };
  if (key < node.key) {
    const left = insert(node.left, key, value, priority);
    // Rotate right when the new child outranks its parent.
    if (left.priority > node.priority) return { ...left, right: { ...node, left: left.right } };
    return { ...node, left };
  }
  const right = insert(node.right, key, value, priority);
  if (right.priority > node.priority) return { ...right, left: { ...node, right: right.left } };
  return { ...node, right };
}

/** In key order, the nodes whose keys lie in [low, high); an explicit stack, so the depth never matters. */
function* inOrder<V>(root: TreapNode<V> | undefined, low?: string, high?: string): Generator<TreapNode<V>> {
  const stack: TreapNode<V>[] = [];
  let current = root;
  while (current || stack.length > 0) {
    while (current) {
      stack.push(current);
      current = low === undefined || current.key >= low ? current.left : undefined;
    }
    const top = stack.pop();
    if (!top || (high !== undefined && top.key >= high)) return;
    if (low === undefined || top.key >= low) yield top;
    current = top.right;
  }
}

export class PersistentMap<V> implements ReadonlyMap<string, V> {
  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(undefined, 0);
  }

  protected constructor(
    private readonly root: TreapNode<V> | undefined,
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    return find(this.root, key)?.value;
  }

  has(key: string): boolean {
    return find(this.root, key) !== undefined;
  }

  /** This map with `key` set to `value`. */
  with(key: string, value: V): PersistentMap<V> {
    const size = this.has(key) ? this.size : this.size + 1;
    return new PersistentMap(insert(this.root, key, value, priorityOf(key)), size);
  }

  /** The values whose keys lie in [low, high), in key order. */
  *valuesBetween(low: string, high: string): Generator<V> {
    for (const node of inOrder(this.root, low, high)) yield node.value;
  }

  *entries(): MapIterator<[string, V]> {
    for (const node of inOrder(this.root)) yield [node.key, node.value];
  }

  *keys(): MapIterator<string> {
    for (const node of inOrder(this.root)) yield node.key;
  }

  *values(): MapIterator<V> {
    for (const node of inOrder(this.root)) yield node.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const node of inOrder(this.root)) callback.call(thisArg, node.value, node.key, this);
  }
}
