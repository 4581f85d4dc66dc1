import type { LintMessage, LintResult, RuleInfo } from '../src/rule-api/types.js';
import type { FormatContext } from '../src/report/types.js';
import { LineIndex } from '../src/text/line-index.js';

/** Hand-built results shared by the reporter tests: every case a CI format has to escape or map. */

export const cwd = '/repo';

const rule = (id: string, type: RuleInfo['type'], defaultSeverity: RuleInfo['defaultSeverity']): RuleInfo => ({
  id,
  type,
  docs: { description: `Description of ${id}.`, url: `https://github.com/volint/volint/blob/main/rules/${id}.md` },
  defaultSeverity,
  messages: {},
});

export const rules: ReadonlyMap<string, RuleInfo> = new Map(
  [
    rule('write-after-volume', 'problem', 'error'),
    rule('chown-volume', 'suggestion', { portable: 'warn', buildkit: 'warn', classic: 'error', buildah: 'warn', 'buildah-compat': 'warn', kaniko: 'off' }),
    rule('anonymous-volume', 'layout', { portable: 'off', buildkit: 'off', classic: 'off', buildah: 'off', 'buildah-compat': 'off', kaniko: 'warn' }),
  ].map((m) => [m.id, m]),
);

export const context: FormatContext = { cwd, rules, version: '1.2.3', color: false };

/** A message marking `needle` (the nth occurrence) in `source`, positions computed the way the engine does. */
function mark(source: string, needle: string, fields: Omit<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn' | 'range'>, nth = 0): LintMessage {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = source.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`'${needle}' not in fixture`);
  const end = start + needle.length;
  const lines = new LineIndex(source);
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return { ...fields, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, range: [start, end] };
}

function result(filePath: string, source: string | undefined, messages: LintMessage[]): LintResult {
  const count = (severity: 1 | 2, fixable: boolean) =>
    messages.filter((m) => m.severity === severity && (!fixable || m.fix !== undefined)).length;
  return {
    filePath,
    messages,
    errorCount: count(2, false),
    warningCount: count(1, false),
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
    ...(source !== undefined && { source }),
  };
}

export const mainSource = 'FROM alpine:3.20\nVOLUME /data\nRUN echo "🐳" > /data/x.txt\nRUN chown app /data && echo done > /data/x.txt\n';

export const main = result('/repo/Dockerfile', mainSource, [
  mark(mainSource, '/data/x.txt', {
    ruleId: 'write-after-volume',
    severity: 2,
    message: 'Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
    relatedLocations: [{ message: 'VOLUME [/data] declared here', line: 2, column: 8, endLine: 2, endColumn: 13 }],
    // Deletes the VOLUME line, line break included.
    fix: { applicability: 'safe', edits: [{ range: [17, 30], text: '' }] },
  }),
  mark(mainSource, 'chown app /data', {
    ruleId: 'chown-volume',
    severity: 1,
    message: 'chown of a volume, ignored at run time: 100% lost,\nsee docs',
    // Inserts at the very end of the file, after its final line break.
    suggestions: [{ desc: 'Declare the volume {again} at the end', fix: { applicability: 'unsafe', edits: [{ range: [mainSource.length, mainSource.length], text: 'VOLUME /data\n' }] } }],
  }),
  mark(mainSource, '/data/x.txt', { ruleId: 'write-after-volume', severity: 2, message: 'Write to \'/data/x.txt\' is discarded.' }, 1),
]);

export const oddSource = 'FROM scratch\nVOLUME ["/vø"]\n';

/** A path with a space, a comma, a colon, an ampersand and non-ASCII letters. */
export const odd = result('/repo/sub dir/ü,a:b&c.Dockerfile', oddSource, [
  mark(oddSource, '"/vø"', { ruleId: 'anonymous-volume', severity: 1, message: 'Anonymous volume "/vø" <, : \u0001 ]]> control char' }),
]);

export const broken = result('/repo/broken/Dockerfile', 'FROM alpine\nRUN <<EOF\n', [
  { ruleId: null, fatal: true, severity: 2, message: 'Unterminated heredoc: EOF', line: 2, column: 5, endLine: 2, endColumn: 10, range: [16, 21] },
]);

export const clean = result('/repo/clean/Dockerfile', 'FROM alpine\n', []);

/** Outside cwd and without source text: reports must fall back to absolute paths and offsets. */
export const outside = result('/elsewhere/Containerfile', undefined, [
  {
    ruleId: 'write-after-volume',
    severity: 2,
    message: 'Write to /cache is discarded.',
    line: 3,
    column: 5,
    endLine: 4,
    endColumn: 2,
    range: [30, 45],
    fix: { applicability: 'safe', edits: [{ range: [30, 45], text: 'RUN true' }] },
  },
]);

export const all: readonly LintResult[] = [main, odd, broken, clean, outside];

export const findingCount = all.reduce((n, r) => n + r.messages.length, 0);
