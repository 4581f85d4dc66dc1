// The conformance suite's seeded generator: the same seed gives the same mutations on every machine.
import { random } from '../../conformance/prng.js';

export interface Rng {
  next: () => number;
  int: (below: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

export function rng(seed: number): Rng {
  const next = random(seed);
  const int = (below: number): number => Math.floor(next() * below);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

/** A mutated file: text, plus bytes that are not UTF-8 to splice in (they cannot live in a JS string). */
export interface Mutant {
  text: string;
  rawBytes?: { at: number; bytes: number[] };
}

type Mutation = (m: Mutant, r: Rng) => Mutant;

const lines = (text: string): string[] => text.split('\n');
const insertAt = (text: string, at: number, what: string): string => text.slice(0, at) + what + text.slice(at);
const anywhere = (m: Mutant, r: Rng): number => r.int(m.text.length + 1);
const withLines = (m: Mutant, edit: (ls: string[]) => void): Mutant => {
  const ls = lines(m.text);
  edit(ls);
  return { ...m, text: ls.join('\n') };
};

/** Each mutation with its weight: the costly ones (huge lines, deep nesting) are rare so the test stays quick. */
const MUTATIONS: [string, number, Mutation][] = [
  ['delete a line', 6, (m, r) => withLines(m, (ls) => ls.splice(r.int(ls.length), 1))],
  ['duplicate a line', 6, (m, r) => withLines(m, (ls) => { const i = r.int(ls.length); ls.splice(i, 0, ls[i] ?? ''); })],
  ['swap two lines', 3, (m, r) => withLines(m, (ls) => { const i = r.int(ls.length); const j = r.int(ls.length); [ls[i], ls[j]] = [ls[j] ?? '', ls[i] ?? '']; })],
  ['truncate', 5, (m, r) => ({ ...m, text: m.text.slice(0, anywhere(m, r)) })],
  ['stray quote', 5, (m, r) => ({ ...m, text: insertAt(m.text, anywhere(m, r), r.pick(['"', "'", '`', '["', '"]'])) })],
  ['backslash', 6, (m, r) => ({ ...m, text: insertAt(m.text, anywhere(m, r), r.pick(['\\', '\\\n', ' \\ \n', '\\\n\n', '\\\n# c\n', '`\n'])) })],
  ['variable', 5, (m, r) => ({ ...m, text: insertAt(m.text, anywhere(m, r), r.pick(['${', '${X:-', '$(', '${X', '$', '${#}', '${X:+${Y}}'])) })],
  ['heredoc marker', 5, (m, r) =>
    withLines(m, (ls) => {
      const i = r.int(ls.length);
      ls[i] = `${ls[i] ?? ''} ${r.pick(['<<EOF', '<<-EOF', "<<'EOF'", '<<"EOF"', '<<', '<<EOF <<END'])}`;
      if (r.next() < 0.5) ls.splice(i + 1 + r.int(4), 0, r.pick(['EOF', '\tEOF', 'END']));
    })],
  ['NUL byte', 3, (m, r) => ({ ...m, text: insertAt(m.text, anywhere(m, r), '\0') })],
  ['byte-order mark', 3, (m) => ({ ...m, text: '\uFEFF' + m.text })],
  ['CRLF', 4, (m, r) => ({ ...m, text: m.text.replace(/\n/g, r.pick(['\r\n', '\r', '\n\r'])) })],
  ['invalid UTF-8', 2, (m, r) => ({ ...m, rawBytes: { at: r.next(), bytes: r.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) } })],
  ['odd characters', 3, (m, r) => ({ ...m, text: insertAt(m.text, anywhere(m, r), r.pick(['\u2028', '\u00a0', '😀', '\ud800', '\t\t', '\f', '\v'])) })],
  ['a VOLUME', 8, (m, r) =>
    withLines(m, (ls) => ls.splice(r.int(ls.length + 1), 0, r.pick(['VOLUME /data', 'VOLUME ["/var/lib/app", "/tmp"]', 'volume $DATA', 'ONBUILD VOLUME /x', 'VOL\\\nUME /data', 'VOLUME /a, /b'])))],
  ['a write into a volume', 6, (m, r) =>
    withLines(m, (ls) => ls.splice(r.int(ls.length + 1), 0, r.pick(['RUN touch /data/x && chown -R 1000 /data', 'RUN echo hi > /var/lib/app/f', 'COPY a /data/', 'RUN ["mkdir", "/data/d"]'])))],
  ['a VOLUME, then a write into it', 8, (m, r) =>
    withLines(m, (ls) => {
      const at = r.int(ls.length + 1);
      ls.splice(at, 0, r.pick(['VOLUME /data', 'VOLUME ["/data"]', 'VOLUME /data /var/lib/app']));
      ls.splice(at + 1 + r.int(ls.length - at), 0, r.pick(['RUN chown -R app /data', 'RUN mkdir -p /data/x && echo 1 > /data/x/y', 'RUN rm -rf /data/*', 'RUN chmod 700 /var/lib/app']));
    })],
  ['escape directive', 2, (m, r) => ({ ...m, text: r.pick(['# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n# escape=`\n']) + m.text })],
  ['ONBUILD', 3, (m, r) => withLines(m, (ls) => { const i = r.int(ls.length); ls[i] = `ONBUILD ${ls[i] ?? ''}`; })],
  ['lower case', 3, (m, r) => withLines(m, (ls) => { const i = r.int(ls.length); ls[i] = (ls[i] ?? '').toLowerCase(); })],
  ['ignore comment', 3, (m, r) =>
    withLines(m, (ls) => ls.splice(r.int(ls.length + 1), 0, r.pick(['# volint ignore=volume-write-after-declare', '# volint global ignore=all', '# volint ignore=no-such-rule, ,'])))],
  ['huge line', 1, (m, r) => withLines(m, (ls) => ls.splice(r.int(ls.length + 1), 0, `RUN ${'echo x >> /data/log && '.repeat(2000 + r.int(8000))}true`))],
  ['deep $(...) nesting', 1, (m, r) => {
    const depth = 50 + r.int(700);
    return withLines(m, (ls) => ls.splice(r.int(ls.length + 1), 0, `RUN echo ${'$(echo '.repeat(depth)}x${')'.repeat(depth)} > /data/deep`));
  }],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [, w]) => n + w, 0);

function pickMutation(r: Rng): [string, Mutation] {
  let x = r.next() * TOTAL_WEIGHT;
  for (const [name, weight, mutation] of MUTATIONS) {
    x -= weight;
    if (x < 0) return [name, mutation];
  }
  const [name, , mutation] = MUTATIONS[0] as [string, number, Mutation];
  return [name, mutation];
}

/** Applies one to three random mutations; returns the bytes to lint and the names of what was done. */
export function mutate(text: string, r: Rng): { bytes: Uint8Array; applied: string[] } {
  let m: Mutant = { text };
  const applied: string[] = [];
  for (let k = 1 + r.int(3); k > 0; k--) {
    const [name, mutation] = pickMutation(r);
    m = mutation(m, r);
    applied.push(name);
  }
  let bytes: Uint8Array = Buffer.from(m.text, 'utf8');
  if (m.rawBytes) {
    const at = Math.floor(m.rawBytes.at * (bytes.length + 1));
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.rawBytes.bytes), bytes.subarray(at)]);
  }
  return { bytes, applied };
}
