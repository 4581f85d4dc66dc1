/** One filesystem entry as a probe saw it. */
export interface Entry {
  type: string;
  size: number;
  uid: number;
  gid: number;
  mode: string;
  /** md5 of a regular file's content ('?' when the probe could not read it). */
  hash?: string;
  link?: string;
}

export type Snapshot = Map<string, Entry>;

/** `.` and `./x`, as the probe prints them, to `/` and `/x`. */
function absolute(p: string): string {
  if (p === '.') return '/';
  return p.startsWith('./') ? p.slice(1) : p;
}

export interface LogRecord {
  kind: 'run' | 'end' | 'probe';
  status: number | undefined;
  snap: Snapshot;
}

/** Parses a stage's log (see scripts.ts for the format). */
export function parseLog(text: string): LogRecord[] {
  const records: LogRecord[] = [];
  let current: LogRecord | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('@')) {
      const [tag, status] = line.slice(1).split(' ');
      current = { kind: tag === 'run' ? 'run' : tag === 'end' ? 'end' : 'probe', status: status === undefined ? undefined : Number(status), snap: new Map() };
      records.push(current);
      continue;
    }
    if (!current || line.length < 2) continue;
    const snap = current.snap;
    if (line.startsWith('E|')) {
      const parts = line.slice(2).split('|');
      const mode = parts.pop() ?? '';
      const gid = Number(parts.pop());
      const uid = Number(parts.pop());
      const size = Number(parts.pop());
      const type = parts.pop() ?? '';
      const path = absolute(parts.join('|'));
      const prev = snap.get(path);
      snap.set(path, { ...prev, type, size: type === 'directory' ? 0 : size, uid, gid, mode });
    } else if (line.startsWith('H|')) {
      const body = line.slice(2);
      const sep = body.indexOf('  ');
      if (sep < 0) continue;
      const path = absolute(body.slice(sep + 2));
      const e = snap.get(path);
      if (e) e.hash = body.slice(0, sep);
    } else if (line.startsWith('L|')) {
      const m = /^'(.*)' -> '(.*)'$/.exec(line.slice(2));
      if (!m) continue;
      const e = snap.get(absolute(m[1] ?? ''));
      if (e) e.link = m[2];
    }
  }
  return records;
}

export type Change = 'content' | 'meta';

/** How an entry differs: 'content' (existence, type, data, link target) or 'meta' (owner, group, mode only). */
export function compareEntries(a: Entry | undefined, b: Entry | undefined): Change | undefined {
  if (!a && !b) return undefined;
  if (!a || !b) return 'content';
  if (a.type !== b.type || a.size !== b.size || a.link !== b.link) return 'content';
  if ((a.hash ?? '') !== (b.hash ?? '')) return 'content';
  if (a.uid !== b.uid || a.gid !== b.gid || a.mode !== b.mode) return 'meta';
  return undefined;
}

export function diff(a: Snapshot, b: Snapshot): Map<string, Change> {
  const out = new Map<string, Change>();
  for (const [p, e] of a) {
    const c = compareEntries(e, b.get(p));
    if (c) out.set(p, c);
  }
  for (const [p, e] of b) {
    if (!a.has(p)) {
      const c = compareEntries(undefined, e);
      if (c) out.set(p, c);
    }
  }
  return out;
}

export function describe(e: Entry | undefined): string {
  if (!e) return 'absent';
  const what = e.type === 'regular file' ? `file ${e.size}B` : e.type === 'symbolic link' ? `link -> ${e.link ?? '?'}` : e.type;
  return `${what} ${e.uid}:${e.gid} ${e.mode}`;
}

/**
 * Whether two paths look like one randomly named entry made twice (`mktemp`'s tmp.XXXXXX, a timestamp): same
 * directory, same length, the same characters wherever either is not a letter or digit, and names of six or more.
 */
export function randomTwins(a: string, b: string): boolean {
  const cut = a.lastIndexOf('/');
  if (cut !== b.lastIndexOf('/') || a.slice(0, cut) !== b.slice(0, cut) || a.length !== b.length || a.length - cut - 1 < 6) return false;
  for (let i = cut + 1; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y && !(/[A-Za-z0-9]/.test(x) && /[A-Za-z0-9]/.test(y))) return false;
  }
  return true;
}

/** The entry of `snap` that is `path` under another random name (see randomTwins), when exactly one is. */
export function twinIn(snap: Snapshot, path: string, not: Snapshot): string | undefined {
  const found = [...snap.keys()].filter((p) => p !== path && !not.has(p) && randomTwins(p, path));
  return found.length === 1 ? found[0] : undefined;
}
