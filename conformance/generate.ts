import type { Case } from './cases.js';
import { random as prng } from './prng.js';

/** CI's seed; another one comes from CONFORMANCE_SEED. */
export const DEFAULT_SEED = 13;

interface Rand {
  next(): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

function rand(seed: number): Rand {
  const next = prng(seed);
  return {
    next,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p) => next() < p,
  };
}

/**
 * Volume paths; `@` is the case's own tag (g17), so that a path in a report names its case, and the parent of a volume
 * is the case's own too.
 */
const VOLUME_PATHS = ['/data-@', '/var/lib/@/app', '/srv/@/data', '/opt/@/store', '/home/@/uploads', '/var/cache/@/svc', '/var/log/@/svc'];
const IMAGES = ['debian:bookworm', 'debian:12', 'alpine:3.20', 'busybox', 'ubuntu:24.04'];
/** Images volint's table says declare a volume, with that volume. */
const VOLUME_IMAGES: readonly [string, string][] = [
  ['postgres:16', '/var/lib/postgresql/data'],
  ['redis:7.4', '/data'],
  ['mysql:8.4', '/var/lib/mysql'],
];

/**
 * What a construct writes. `v` is the volume path as the RUN refers to it (a literal, `$D`, or relative to WORKDIR),
 * `abs` the literal absolute path, `parent` its parent directory.
 */
interface Target {
  /** The case's tag, for scratch files of its own. */
  tag: string;
  v: string;
  abs: string;
  parent: string;
}

interface Construct {
  cls: string;
  /** Whether the volume must already hold a file `seed.txt` and a directory `sub` (made by the prelude). */
  needsContent?: boolean;
  /** One or more instructions (each a full line). */
  make(t: Target, r: Rand): string[];
}

const q = (s: string): string => (/^[\w/.$-]+$/.test(s) ? s : `"${s}"`);

/** The catalogue of the issue: each construct writes under the volume, changes its permissions, or only seems to. */
const CONSTRUCTS: readonly Construct[] = [
  { cls: 'mkdir -p', make: (t) => [`RUN mkdir -p ${q(t.v)}/cache/a`] },
  { cls: 'mkdir', make: (t) => [`RUN mkdir ${q(t.v)}/new`] },
  { cls: 'mkdir -p (volume itself)', make: (t) => [`RUN mkdir -p ${q(t.v)}`] },
  { cls: 'touch', make: (t) => [`RUN touch ${q(t.v)}/x`] },
  { cls: 'redirect >', make: (t) => [`RUN echo ready > ${q(t.v)}/state`] },
  { cls: 'redirect >>', needsContent: true, make: (t) => [`RUN echo more >> ${q(t.v)}/seed.txt`] },
  { cls: 'cp', make: (t) => [`RUN cp /etc/passwd ${q(t.v)}/`] },
  { cls: 'cp -r SRC DIR/', make: (t) => [`RUN mkdir -p /opt/src-${t.tag}/d && echo a > /opt/src-${t.tag}/d/a && cp -r /opt/src-${t.tag}/d ${q(t.v)}/`] },
  { cls: 'mv into', make: (t) => [`RUN echo m > /tmp/m-${t.tag} && mv /tmp/m-${t.tag} ${q(t.v)}/m`] },
  { cls: 'mv out', needsContent: true, make: (t) => [`RUN mv ${q(t.v)}/seed.txt /tmp/seed-${t.tag}.txt`] },
  { cls: 'ln -s', make: (t) => [`RUN ln -s /etc/passwd ${q(t.v)}/passwd.link`] },
  { cls: 'ln -sf', make: (t) => [`RUN ln -sf ../etc ${q(t.v)}/etc.link`] },
  { cls: 'rm glob', needsContent: true, make: (t) => [`RUN rm -rf ${q(t.v)}/*`] },
  { cls: 'rm -f glob', needsContent: true, make: (t) => [`RUN rm -f ${q(t.v)}/*.txt`] },
  { cls: 'tar -x -C', make: (t) => [`RUN tar -cf /tmp/t-${t.tag}.tar -C /etc passwd group && tar -xf /tmp/t-${t.tag}.tar -C ${q(t.v)}`] },
  { cls: 'sed -i', needsContent: true, make: (t) => [`RUN sed -i s/seed/sown/ ${q(t.v)}/seed.txt`] },
  { cls: 'install -d -o -m', make: (t, r) => [`RUN install -d -o app -m ${r.pick(['750', '0700', '775'])} ${q(t.v)}/logs`] },
  { cls: 'install -d (volume itself)', make: (t) => [`RUN install -d -o app -g app -m 750 ${q(t.v)}`] },
  { cls: 'mkfifo', make: (t) => [`RUN mkfifo ${q(t.v)}/fifo`] },
  { cls: 'mktemp -p', make: (t) => [`RUN mktemp -p ${q(t.v)}`] },
  { cls: 'chown (volume)', make: (t) => [`RUN chown app:app ${q(t.v)}`] },
  { cls: 'chmod (volume)', make: (t, r) => [`RUN chmod ${r.pick(['700', '0750', 'g+w', 'o-rx'])} ${q(t.v)}`] },
  { cls: 'chown -R parent', make: (t) => [`RUN chown -R app ${q(t.parent)}`] },
  // g+w: every entry of a fresh tree is 0755/0644, so go-w would change nothing and show no loss.
  { cls: 'chmod -R parent', make: (t) => [`RUN chmod -R g+w ${q(t.parent)}`] },
  { cls: 'chown parent (not recursive)', make: (t) => [`RUN chown app ${q(t.parent)}`] },
  { cls: 'chmod -R inside', needsContent: true, make: (t) => [`RUN chmod -R 600 ${q(t.v)}/seed.txt`] },
  { cls: 'find -exec rm', needsContent: true, make: (t) => [`RUN find ${q(t.v)} -name '*.txt' -exec rm {} +`] },
  { cls: 'find -exec chmod', needsContent: true, make: (t) => [`RUN find ${q(t.v)} -type f -exec chmod 640 {} \\;`] },
  { cls: 'find | xargs', needsContent: true, make: (t) => [`RUN find ${q(t.v)} -type f | xargs rm -f`] },
  { cls: 'find (read)', needsContent: true, make: (t) => [`RUN find ${q(t.v)} -type f > /tmp/list-${t.tag}`] },
  { cls: 'sh -c', make: (t) => [`RUN sh -c 'touch ${t.v}/from-sh'`] },
  { cls: 'su -c', make: (t) => [`RUN su root -c "mkdir -p ${t.v}/from-su"`] },
  { cls: 'cd chain', make: (t) => [`RUN cd ${q(t.v)} && mkdir -p here && touch here/f`] },
  { cls: 'cd .. chain', make: (t) => [`RUN cd ${q(t.v)}/.. && touch ./${t.abs.split('/').pop() ?? ''}/via-parent`] },
  { cls: 'subshell', make: (t) => [`RUN (cd ${q(t.v)} && echo s > sub-shell)`] },
  { cls: 'function', make: (t) => [`RUN f() { touch "$1/from-f"; }; f ${q(t.v)}`] },
  { cls: 'for loop', make: (t) => [`RUN for n in a b c; do touch ${q(t.v)}/$n; done`] },
  { cls: 'while loop', make: (t) => [`RUN i=0; while [ $i -lt 2 ]; do touch ${q(t.v)}/w$i; i=$((i+1)); done`] },
  { cls: 'if', make: (t) => [`RUN if [ -d ${q(t.v)} ]; then touch ${q(t.v)}/if-yes; fi`] },
  { cls: 'heredoc (Dockerfile)', make: (t) => [`RUN <<EOF\ntouch ${t.v}/from-heredoc\nEOF`] },
  { cls: 'exec form', make: (t) => [`RUN ["touch", "${t.abs}/exec-form"]`] },
  { cls: 'exec form sh -c', make: (t) => [`RUN ["/bin/sh", "-c", "mkdir -p ${t.abs}/exec-sh"]`] },
  { cls: 'RUN --mount tmpfs target', make: (t) => [`RUN --mount=type=tmpfs,target=${t.abs}/scratch touch ${t.abs}/scratch/x`] },
  { cls: 'RUN --mount cache target', make: (t) => [`RUN --mount=type=cache,target=${t.abs}/cache touch ${t.abs}/cache/x`] },
  { cls: 'RUN --mount elsewhere', make: (t) => [`RUN --mount=type=tmpfs,target=/mnt/${t.tag} touch ${q(t.v)}/with-mount`] },
  { cls: 'COPY file', make: (t) => [`COPY gen/file.txt ${t.abs}/`] },
  { cls: 'COPY dir', make: (t) => [`COPY gen/dir/ ${t.abs}/copied/`] },
  { cls: 'ADD tar', make: (t) => [`ADD gen/archive.tar ${t.abs}/unpacked/`] },
  { cls: 'COPY --chown', make: (t) => [`COPY --chown=app:app gen/file.txt ${t.abs}/owned.txt`] },
  { cls: 'read only', needsContent: true, make: (t) => [`RUN cat ${q(t.v)}/seed.txt && ls -la ${q(t.v)} && tar -cf /tmp/backup-${t.tag}.tar -C ${q(t.v)} .`] },
  { cls: 'sibling prefix', make: (t) => [`RUN mkdir -p ${t.abs}_2/x && touch ${t.abs}-old`] },
  { cls: 'write outside', make: (t) => [`RUN mkdir -p /opt/outside-${t.tag} && touch /opt/outside-${t.tag}/f`] },
];

/** Context files the COPY/ADD constructs use. */
function genContext(): Map<string, string> {
  const ctx = new Map<string, string>();
  ctx.set('gen/file.txt', 'a file from the build context\n');
  ctx.set('gen/dir/one.txt', 'one\n');
  ctx.set('gen/dir/two.txt', 'two\n');
  // A tar archive (ustar) of one file, so ADD extracts it.
  ctx.set('gen/archive.tar', tarOf('inside.txt', 'from the archive\n'));
  return ctx;
}

function tarOf(name: string, content: string): string {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(content.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const body = Buffer.alloc(512);
  body.write(content, 0);
  return Buffer.concat([header, body, Buffer.alloc(1024)]).toString('latin1');
}

interface Shape {
  /** Lines before the VOLUME (after FROM). */
  pre: string[];
  /** The VOLUME line(s). */
  volume: string[];
  target: Target;
  /** Base image, or a stage chain (several FROM lines are in `pre` then). */
  from: string;
  kind: string;
}

/** How the volume is declared and referred to: literal, JSON, ARG/ENV with defaults, WORKDIR-relative, a stage, a base image. */
function shape(r: Rand, index: number): Shape {
  const tag = `g${index}`;
  const abs = r.pick(VOLUME_PATHS).replace('@', tag);
  const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
  const from = r.pick(IMAGES);
  const roll = r.next();
  const base: Target = { tag, v: abs, abs, parent };
  if (roll < 0.3) return { pre: [], volume: [`VOLUME ${abs}`], target: base, from, kind: 'literal' };
  if (roll < 0.4) return { pre: [], volume: [`VOLUME ["${abs}"]`], target: base, from, kind: 'json' };
  if (roll < 0.5) {
    const name = `D${index}`;
    return { pre: [`ENV ${name}=${abs}`], volume: [`VOLUME $${name}`], target: { ...base, v: `$${name}` }, from, kind: 'env' };
  }
  if (roll < 0.58) {
    const name = `VOL${index}`;
    return { pre: [`ARG ${name}=${abs}`], volume: [`VOLUME \${${name}}`], target: { ...base, v: `\${${name}}` }, from, kind: 'arg' };
  }
  if (roll < 0.64) {
    const name = `DATA_DIR${index}`;
    return { pre: [], volume: [`VOLUME \${${name}:-${abs}}`], target: { ...base, v: `\${${name}:-${abs}}` }, from, kind: 'default' };
  }
  if (roll < 0.74) {
    const leaf = abs.slice(parent.length + 1);
    const steps = parent.split('/').filter(Boolean);
    const chain = steps.length > 1 ? [`WORKDIR /${steps[0] ?? ''}`, `WORKDIR ${steps.slice(1).join('/')}`] : [`WORKDIR ${parent}`];
    return { pre: chain, volume: [`VOLUME ${abs}`], target: { ...base, v: leaf }, from, kind: 'workdir' };
  }
  if (roll < 0.84) {
    // The volume comes from an earlier stage of the same file.
    return { pre: [], volume: [`VOLUME ${abs}`, '', 'FROM base AS app'], target: base, from: `${from} AS base`, kind: 'stage' };
  }
  if (roll < 0.92) {
    const [image, vol] = r.pick(VOLUME_IMAGES);
    const p = vol.slice(0, vol.lastIndexOf('/')) || '/';
    return { pre: [], volume: [], target: { tag, v: vol, abs: vol, parent: p }, from: image, kind: 'base image' };
  }
  // ONBUILD: the trigger runs in the child stage, where the volume is declared.
  return { pre: [], volume: [`VOLUME ${abs}`], target: base, from: `${from} AS base`, kind: 'onbuild' };
}

/** Writes `count` cases from `seed`: the same seed always gives the same files. */
export function generateCases(seed: number, count: number): Case[] {
  const r = rand(seed);
  const out: Case[] = [];
  const ctx = genContext();
  for (let n = 0; n < count; n++) {
    const s = shape(r, n);
    const k = s.kind === 'onbuild' ? 1 : r.chance(0.3) ? 2 : 1;
    // Constructs on the parent are left out when the parent is / (a chown -R of / would walk the instrumentation).
    const usable = s.target.parent === '/' ? CONSTRUCTS.filter((c) => !c.cls.includes('parent')) : CONSTRUCTS;
    const picked = Array.from({ length: k }, () => r.pick(usable));
    const lines: string[] = [];
    const classes = new Map<number, string>();
    let lineNo = 0;
    const add = (text: string, cls?: string): void => {
      if (cls) classes.set(lineNo + 1, cls);
      lines.push(text);
      lineNo += text.split('\n').length;
    };
    add(`FROM ${s.from}`);
    for (const l of s.pre) add(l);
    // The prelude: content made before the VOLUME is the right pattern, and gives the constructs something to change.
    if (picked.some((c) => c.needsContent) || r.chance(0.25)) {
      const owner = r.chance(0.3) ? ` && chown -R app ${s.target.abs}` : '';
      add(`RUN mkdir -p ${s.target.abs}/sub && echo seed > ${s.target.abs}/seed.txt${owner}`, s.kind === 'base image' ? 'prelude (in a base image volume)' : 'prelude (before VOLUME)');
    }
    for (const l of s.volume) add(l);
    if (s.kind === 'onbuild') {
      const c = picked[0];
      const body = (c?.make(s.target, r) ?? []).filter((l) => !l.includes('\n') && !l.startsWith('RUN --mount') && !l.startsWith('RUN <<'));
      if (body.length === 0) body.push(`RUN touch ${s.target.abs}/onbuild`);
      for (const l of body) add(`ONBUILD ${l}`, `ONBUILD ${c?.cls ?? 'touch'}`);
      add('');
      add('FROM base');
    } else {
      for (const c of picked) for (const l of c.make(s.target, r)) add(l, c.cls);
    }
    const text = lines.join('\n') + '\n';
    out.push({ id: `g${n}`, name: `generated:${seed}:${n} (${s.kind}; ${picked.map((c) => c.cls).join(', ')})`, text, origin: 'generated', classes, context: ctx });
  }
  return out;
}
