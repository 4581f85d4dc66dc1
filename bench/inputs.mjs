// Generated inputs for bench/run.mjs: large files that show whether cost grows linearly with input size.

/** One RUN of about `bytes` bytes: a long `&&` chain over continuation lines, one of its commands writing into a VOLUME. */
export function bigRun(bytes) {
  const parts = ['FROM debian:12', 'VOLUME /data', 'RUN set -e'];
  let size = 40;
  for (let i = 0; size < bytes; i++) {
    const part = ` \\\n  && echo "step ${i}" > /tmp/step-${i}.log`;
    parts.push(part);
    size += part.length;
  }
  parts.push(' \\\n  && touch /data/ready\n');
  return parts.slice(0, 2).join('\n') + '\n' + parts.slice(2).join('');
}

/**
 * `count` stages, each declaring a volume and writing into it. Chained, each stage is built FROM the one before, so
 * stage i has i volumes in scope; the model shares them (src/model/volume-scope.ts), so the cost stays linear.
 * `withVariables` adds an ENV and an ARG to each stage: stage i then sees 2i variables.
 */
export function manyStages(count, chained = false, withVariables = false) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(`FROM ${chained && i > 0 ? `s${i - 1}` : 'alpine:3.20'} AS s${i}`);
    if (withVariables) out.push(`ENV E${i}=/e${i}`, `ARG A${i}=a${i}`);
    out.push(`VOLUME /v${i}`, `RUN touch /v${i}/x`);
  }
  return out.join('\n') + '\n';
}

/**
 * One RUN that creates `count` files under a VOLUME, then deletes `count` other ones and a directory recursively:
 * each delete asks which earlier creation it undoes (a scan of all of them was quadratic: 20,000 each took 54 s).
 */
export function createsAndDeletes(count) {
  const parts = ['FROM debian:12\nVOLUME /data\nRUN set -e'];
  for (let i = 0; i < count; i++) parts.push(` \\\n  && touch /data/a${i}`);
  for (let i = 0; i < count; i++) parts.push(` \\\n  && rm /data/b${i} && rm -rf /data/d${i}`);
  return parts.join('') + '\n';
}

/**
 * The generated inputs, in families of sizes that double, so the bench can show the ratio of their times (2 when
 * linear, 4 when quadratic).
 */
export const LARGE_INPUTS = [
  { name: 'RUN of 0.5 MB', family: 'run', make: () => bigRun(512 * 1024), unit: 'MB', amount: 0.5 },
  { name: 'RUN of 1 MB', family: 'run', make: () => bigRun(1024 * 1024), unit: 'MB', amount: 1 },
  { name: 'RUN of 2 MB', family: 'run', make: () => bigRun(2 * 1024 * 1024), unit: 'MB', amount: 2 },
  { name: '2,500 stages', family: 'stages', make: () => manyStages(2500), unit: 'k stages', amount: 2.5 },
  { name: '5,000 stages', family: 'stages', make: () => manyStages(5000), unit: 'k stages', amount: 5 },
  { name: '10,000 stages', family: 'stages', make: () => manyStages(10000), unit: 'k stages', amount: 10 },
  { name: '5,000 creations and deletions', family: 'deletes', make: () => createsAndDeletes(5000), unit: 'k each', amount: 5 },
  { name: '10,000 creations and deletions', family: 'deletes', make: () => createsAndDeletes(10000), unit: 'k each', amount: 10 },
  { name: '20,000 creations and deletions', family: 'deletes', make: () => createsAndDeletes(20000), unit: 'k each', amount: 20 },
  { name: '1,000 chained stages', family: 'chained', make: () => manyStages(1000, true), unit: 'k stages', amount: 1 },
  { name: '2,000 chained stages', family: 'chained', make: () => manyStages(2000, true), unit: 'k stages', amount: 2 },
  { name: '4,000 chained stages', family: 'chained', make: () => manyStages(4000, true), unit: 'k stages', amount: 4 },
  { name: '8,000 chained stages', family: 'chained', make: () => manyStages(8000, true), unit: 'k stages', amount: 8 },
  { name: '2,000 chained stages, ENV+ARG each', family: 'chained-env', make: () => manyStages(2000, true, true), unit: 'k stages', amount: 2 },
  { name: '4,000 chained stages, ENV+ARG each', family: 'chained-env', make: () => manyStages(4000, true, true), unit: 'k stages', amount: 4 },
];

/**
 * One RUN of `lines` continuation lines that each make three findings (two files touched and one redirect into a
 * VOLUME), all repaired by one move fix: 40,000 lines are 2.5 MB and 120,000 findings (issue 12's file).
 */
export function manyFindings(lines) {
  const parts = ['FROM debian:12\nVOLUME /data\nRUN set -e'];
  for (let i = 0; i < lines; i++) parts.push(` \\\n  && touch /data/a${i} /data/b${i} && echo x > /data/c${i}`);
  return parts.join('') + '\n';
}

/** Findings manyFindings(lines) makes: three per line. */
export const manyFindingsCount = (lines) => 3 * lines;

/** The many-findings inputs (0.3, 0.6, 1.2 and 2.5 MB: each twice the one before) and the memory bound of the largest. */
export const MANY_FINDINGS_LINES = [5_000, 10_000, 20_000, 40_000];
export const MANY_FINDINGS_MAX_RSS_MB = 300;
