import { beforeAll, describe, expect, test } from 'vitest';
import { loadShellParser } from '../src/shell/index.js';
import { analyze, effectsOf, summaryOf, type RunOptions } from './shell-helpers.js';

beforeAll(async () => {
  await loadShellParser();
});

type Row = readonly [string, readonly string[]] | readonly [string, readonly string[], RunOptions];

function table(rows: readonly Row[]): void {
  test.each(rows)('%s', (run, expected, options?: RunOptions) => {
    expect(summaryOf(run, { workdir: '/w', ...options })).toEqual(expected);
  });
}

describe('working directory', () => {
  table([
    ['RUN cd /data && touch x', ['touch: touch /data/x @x']],
    ['RUN cd data && touch x', ['touch: touch /w/data/x @x']],
    ['RUN cd /a; cd ../b/./c//; touch x', ['touch: touch /b/c/x @x']],
    ['RUN cd /a || exit 1; touch x', ['touch: touch /a/x @x']],
    ['RUN cd && touch x', ['touch: touch ? @x']],
    ['RUN cd && touch x', ['touch: touch /root/x @x'], { env: { HOME: '/root' } }],
    ['RUN cd ~ && touch x', ['touch: touch ? @x']],
    ['RUN cd ~/sub && touch x', ['touch: touch /home/u/sub/x @x'], { env: { HOME: '/home/u' } }],
    ['RUN cd /a && cd - && touch x', ['touch: touch ? @x']],
    ['RUN cd "$(mktemp -d)" && touch x && touch /abs', ['touch: touch ? @x', 'touch: touch /abs @/abs']],
    ['RUN cd -P /a && touch x', ['touch: touch /a/x @x']],
    ['RUN touch x', ['touch: touch ? @x'], { workdir: undefined }],
    ['RUN cd /a && touch x', ['touch: touch /a/x @x'], { workdir: undefined }],
    ['RUN (cd /a && touch x) && touch y', ['touch: touch /a/x @x', 'touch: touch /w/y @y']],
    ['RUN { cd /a; touch x; }; touch y', ['touch: touch /a/x @x', 'touch: touch /a/y @y']],
    ['RUN echo $(cd /a; touch x) && touch y', ['touch: touch /a/x @x', 'touch: touch /w/y @y']],
    ['RUN cd /a | cat; touch y', ['touch: touch /w/y @y']],
    ['RUN cd /a & touch y', ['touch: touch /w/y @y']],
    ['RUN pushd /a && touch x && popd && touch y', ['touch: touch /a/x @x', 'touch: touch /w/y @y']],
    ['RUN popd; touch y', ['touch: touch ? @y']],
    ['RUN touch $PWD/x && cd /a && touch "$PWD/y"', ['touch: touch /w/x @$PWD/x', 'touch: touch /a/y @"$PWD/y"']],
    ['RUN if true; then cd /a; fi; touch x', ['touch: touch ? @x']],
    ['RUN if true; then cd /a; else cd /a; fi; touch x', ['touch: touch /a/x @x']],
    ['RUN if test -d /a; then cd /a; elif true; then cd /b; else cd /c; fi; touch x', ['touch: touch ? @x']],
    ['RUN while false; do cd /a; done; touch x', ['touch: touch ? @x']],
    ['RUN case "$x" in a) cd /a ;; *) cd /b ;; esac; touch x', ['touch: touch ? @x']],
    ['RUN case "$x" in a) touch /a ;; b|c) touch /b ;; esac', ['touch: touch /a @/a', 'touch: touch /b @/b']],
    ['RUN command cd /a && touch x', ['touch: touch /a/x @x']],
    ['RUN sudo cd /a; touch x', ['touch: touch /w/x @x']],
  ]);
});

describe('variables', () => {
  table([
    ['RUN mkdir $D/x ${D}/y "${D}/z"', ['mkdir: mkdir /d/x @$D/x', 'mkdir: mkdir /d/y @${D}/y', 'mkdir: mkdir /d/z @"${D}/z"'], { env: { D: '/d' } }],
    ['RUN mkdir $D/x', ['mkdir: mkdir ? @$D/x']],
    ['RUN mkdir $D/x', ['mkdir: mkdir ? @$D/x'], { env: { D: undefined } }],
    ['RUN D=/x; mkdir $D/y', ['mkdir: mkdir /x/y @$D/y']],
    ['RUN export D=/x E=$D/e && mkdir $E', ['mkdir: mkdir /x/e @$E']],
    ['RUN readonly D=/x; mkdir $D', ['mkdir: mkdir /x @$D']],
    ['RUN D=/x; unset D; mkdir $D', ['mkdir: mkdir ? @$D']],
    ['RUN D=/a; D+=/b; mkdir $D', ['mkdir: mkdir /a/b @$D']],
    ['RUN D=/x mkdir $D', ['mkdir: mkdir /old @$D'], { env: { D: '/old' } }],
    ['RUN D=/x true; mkdir $D', ['mkdir: mkdir /old @$D'], { env: { D: '/old' } }],
    ['RUN mkdir ${D:-/def} ${E:-/def}', ['mkdir: mkdir /d @${D:-/def}', 'mkdir: mkdir /def @${E:-/def}'], { env: { D: '/d', E: '' } }],
    ['RUN mkdir ${U:-/def}', ['mkdir: mkdir ? @${U:-/def}']],
    ['RUN mkdir ${E-/def} ${D-/def}', ['mkdir: mkdir /d @${D-/def}'], { env: { D: '/d', E: '' } }],
    ['RUN mkdir ${D:+/alt} ${E:+/alt}x', ['mkdir: mkdir /alt @${D:+/alt}', 'mkdir: mkdir /w/x @${E:+/alt}x'], { env: { D: '/d', E: '' } }],
    ['RUN mkdir ${D+/alt}', ['mkdir: mkdir /alt @${D+/alt}'], { env: { D: '' } }],
    ['RUN mkdir ${D%/*} ${#D} ${D/a/b} ${D:1} $1 $@ "$*" $$', [
      'mkdir: mkdir ? @${D%/*}', 'mkdir: mkdir ? @${#D}', 'mkdir: mkdir ? @${D/a/b}', 'mkdir: mkdir ? @${D:1}', 'mkdir: mkdir ? @$1',
      'mkdir: mkdir ? @$@', 'mkdir: mkdir ? @"$*"', 'mkdir: mkdir ? @$$',
    ], { env: { D: '/d' } }],
    ['RUN mkdir "$(pwd)/x" `pwd`/y $((1+1))', ['mkdir: mkdir ? @"$(pwd)/x"', 'mkdir: mkdir ? @`pwd`/y', 'mkdir: mkdir ? @$((1+1))']],
    ['RUN : ${D:=/set}; mkdir $D', ['mkdir: mkdir /set @$D'], { env: { D: '' } }],
    ['RUN D="/a /b"; mkdir $D "$D"', ['mkdir: mkdir /a @$D', 'mkdir: mkdir /b @$D', 'mkdir: mkdir /a /b @"$D"']],
    ['RUN E=; mkdir $E /x', ['mkdir: mkdir /x @/x']],
    ['RUN read D < /f; mkdir $D', ['<: read /f @/f', 'mkdir: mkdir ? @$D'], { env: { D: '/d' } }],
    ['RUN f() { local D=/in; mkdir $D; }; D=/out; f; mkdir $D', ['mkdir: mkdir /in @$D', 'mkdir: mkdir /out @$D']],
    ['RUN declare -a D=(/a /b); mkdir $D', ['mkdir: mkdir ? @$D']],
    ["RUN D=/x sh -c 'mkdir $D'", ['mkdir: mkdir /x @$D']],
    ["RUN D=/x; sh -c 'mkdir $D'", ['mkdir: mkdir ? @$D']],
    ["RUN export D=/x; sh -c 'mkdir $D'", ['mkdir: mkdir /x @$D']],
    ["RUN sh -c 'mkdir $E'", ['mkdir: mkdir /e @$E'], { env: { E: '/e' } }],
  ]);
});

describe('quoting, globs, braces, tilde', () => {
  table([
    ["RUN touch '/a b' \"/c d\" /e\\ f $'/g\\th'", ['touch: touch /a b @\'/a b\'', 'touch: touch /c d @"/c d"', 'touch: touch /e f @/e\\ f', "touch: touch /g\th @$'/g\\th'"]],
    ['RUN touch "/a"/b\'/c\'', ['touch: touch /a/b/c @"/a"/b\'/c\'']],
    ['RUN rm -rf /data/*', ['rm: delete /data/* R G @/data/*']],
    ['RUN rm -f /data/*.log /data/file?.txt /data/[ab]', ['rm: delete /data/*.log G @/data/*.log', 'rm: delete /data/file?.txt G @/data/file?.txt', 'rm: delete /data/[ab] G @/data/[ab]']],
    ['RUN touch "/data/*" /data/\\*', ['touch: touch /data/* @"/data/*"', 'touch: touch /data/* @/data/\\*']],
    ['RUN rm -rf "$D"/*', ['rm: delete /d/* R G @"$D"/*'], { env: { D: '/d' } }],
    ['RUN mkdir -p /opt/{bin,lib}/x', ['mkdir: mkdir /opt/bin/x @/opt/{bin,lib}/x', 'mkdir: mkdir /opt/lib/x @/opt/{bin,lib}/x']],
    ['RUN mkdir /a{,.d} /n{1..3}', ['mkdir: mkdir /a @/a{,.d}', 'mkdir: mkdir /a.d @/a{,.d}', 'mkdir: mkdir /n1 @/n{1..3}', 'mkdir: mkdir /n2 @/n{1..3}', 'mkdir: mkdir /n3 @/n{1..3}']],
    ['RUN mkdir /x/{a,{b,c}}', ['mkdir: mkdir /x/a @/x/{a,{b,c}}', 'mkdir: mkdir /x/b @/x/{a,{b,c}}', 'mkdir: mkdir /x/c @/x/{a,{b,c}}']],
    ['RUN mkdir "/{a,b}" /{x}', ['mkdir: mkdir /{a,b} @"/{a,b}"', 'mkdir: mkdir /{x} @/{x}']],
    ['RUN mkdir ~/x ~app/y', ['mkdir: mkdir ? @~/x', 'mkdir: mkdir ? @~app/y']],
    ['RUN mkdir ~/x "~/y"', ['mkdir: mkdir /root/x @~/x', 'mkdir: mkdir /w/~/y @"~/y"'], { env: { HOME: '/root' } }],
  ]);
});

describe('loops and functions', () => {
  table([
    ['RUN for d in /a /b; do mkdir $d/x; done', ['mkdir: mkdir /a/x @$d/x', 'mkdir: mkdir /b/x @$d/x']],
    ['RUN for d in $DIRS; do mkdir "$d"; done', ['mkdir: mkdir /a @"$d"', 'mkdir: mkdir /b @"$d"'], { env: { DIRS: '/a /b' } }],
    ['RUN for d in $DIRS; do mkdir "$d"; done', ['mkdir: mkdir ? @"$d"']],
    ['RUN for f in /etc/*.conf; do chmod 600 "$f"; done', ['chmod: permission ? @"$f"']],
    ['RUN for d in a b; do cd $d; done; touch x', ['touch: touch /w/a/b/x @x']],
    ['RUN while read d; do mkdir "$d"; done < /list', ['<: read /list @/list', 'mkdir: mkdir ? @"$d"']],
    ['RUN for ((i=0; i<3; i++)); do touch /x; done', ['touch: touch /x @/x']],
    ['RUN mk() { mkdir -p "$1"; touch /f; }; mk /a; mk /b', ['mkdir: mkdir /a @"$1"', 'touch: touch /f @/f', 'mkdir: mkdir /b @"$1"']],
    ['RUN mk() { mkdir -p "$2"; }; mk $X /b; mk /a', ['mkdir: mkdir ? @"$2"']],
    ['RUN f() { touch x; }; cd /a; f; cd /b; f', ['touch: touch /a/x @x', 'touch: touch /b/x @x']],
    ['RUN function f { cd /a; }; f; touch x', ['touch: touch /a/x @x']],
    ['RUN f() { touch /f; }', []],
    ['RUN f() { f; touch /r; }; f', ['touch: touch /r @/r']],
  ]);
});

describe('nested shells', () => {
  table([
    ["RUN sh -c 'cd /a && touch x'; touch y", ['touch: touch /a/x @x', 'touch: touch /w/y @y']],
    ['RUN bash -ec "mkdir -p /a && chown app /a"', ['mkdir: mkdir /a @/a', 'chown: permission /a @/a']],
    ["RUN bash -o pipefail -euxc 'touch /a'", ['touch: touch /a @/a']],
    ["RUN sudo sh -c 'echo x > /etc/a'", ['>: write /etc/a @/etc/a']],
    ['RUN sh -c "touch \\"/a b\\""', ['touch: touch /a b @\\"/a b\\"']],
    ["RUN sh -c 'touch /a' arg0 arg1", ['touch: touch /a @/a']],
    ['RUN sh script.sh', []],
    ['RUN sh -c "$CMD"', []],
    ['RUN sh -c "touch $D"', ['touch: touch /d @"touch $D"'], { env: { D: '/d' } }],
    ['RUN sh <<EOF\ntouch /a\nEOF', ['touch: touch /a @/a']],
    ['RUN bash -e <<"EOF"\ncd /a\ntouch x\nEOF', ['touch: touch /a/x @x']],
    ['RUN cat <<EOF | sh\ntouch /a\nEOF', ['touch: touch /a @/a']],
    ["RUN sh <<< 'touch /a'", ['touch: touch /a @/a']],
    ['RUN python3 <<EOF\nopen("/a", "w")\nEOF', []],
    ["RUN find /d -exec sh -c 'chmod 600 \"$1\"' _ {} \\;", ['chmod: permission ? @"$1"']],
  ]);
});

describe('mounts', () => {
  table([
    ['RUN --mount=type=cache,target=/root/.cache pip install x && touch /root/.cache/y /root/z', ['touch: touch /root/z @/root/z']],
    ['RUN --mount=type=cache,dst=/var/cache/apt rm -rf /var/cache/apt/*', []],
    ['RUN --mount=type=tmpfs,destination=/tmp touch /tmp/x /tmpx', ['touch: touch /tmpx @/tmpx']],
    ['RUN --mount=type=bind,source=.,target=src touch src/a b', ['touch: touch /w/b @b']],
    ['RUN --mount=type=secret,id=tok cat /run/secrets/tok > /run/secrets/tok2 && rm /run/secrets/tok', ['>: write /run/secrets/tok2 @/run/secrets/tok2']],
    ['RUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t touch /c/a /t/b /u', ['touch: touch /u @/u']],
    ['RUN --network=none touch /a', ['touch: touch /a @/a']],
  ]);
});

describe('robustness', () => {
  test('a syntax error keeps what parsed cleanly and says so', () => {
    const result = analyze('RUN touch /a && ( mkdir /b');
    expect(result.clean).toBe(false);
    expect(result.effects.map((e) => e.path.text)).toContain('/a');
  });

  test('an unterminated quote does not throw', () => {
    const result = analyze('RUN touch /a "unterminated');
    expect(result.clean).toBe(false);
  });

  test('a clean script says so', () => {
    expect(analyze('RUN touch /a').clean).toBe(true);
  });

  test('1,000 nested command substitutions neither throw nor recurse without bound', () => {
    const script = 'RUN echo ' + '$('.repeat(1000) + 'touch /deep' + ')'.repeat(1000) + ' && touch /after';
    const result = analyze(script);
    expect(result.effects.map((e) => e.path.text)).toContain('/after');
  });

  test('deeply nested subshells and parameter defaults do not overflow', () => {
    expect(effectsOf('RUN ' + '('.repeat(3000) + 'touch /x' + ')'.repeat(3000)).length).toBeLessThanOrEqual(1);
    expect(effectsOf('RUN echo ' + '${A:-'.repeat(3000) + '/x' + '}'.repeat(3000))).toEqual([]);
    expect(effectsOf('RUN ' + 'if true; then '.repeat(500) + 'touch /x' + '; fi'.repeat(500)).length).toBeLessThanOrEqual(1);
  });

  test('a long script is analysed in linear time: four times the script takes about four times as long', () => {
    const line = 'mkdir -p /data/a && cd /data && touch b > /data/log && ';
    const timed = (bytes: number): { ms: number; effects: number } => {
      const script = 'RUN ' + line.repeat(Math.ceil(bytes / line.length)) + 'true';
      const started = performance.now();
      const effects = analyze(script).effects.length;
      return { ms: performance.now() - started, effects };
    };
    timed(100_000); // warm-up: the grammar's functions compile on first use
    // The faster of two runs of each size, so that a pause of the loaded machine does not decide.
    const best = (bytes: number) => [timed(bytes), timed(bytes)].reduce((a, b) => (a.ms <= b.ms ? a : b));
    const small = best(250_000);
    const large = best(1_000_000);
    expect(large.effects).toBeGreaterThan(50_000);
    expect(large.effects).toBeGreaterThanOrEqual(3.9 * small.effects);
    // Quadratic would be 16 times; linear is 4, with room for noise.
    expect(large.ms / small.ms).toBeLessThan(8);
  });

  test('loops over many items and many calls stay within a budget', () => {
    const items = Array.from({ length: 40 }, (_, i) => `/d${i}`).join(' ');
    expect(summaryOf(`RUN for d in ${items}; do mkdir $d; done`)).toEqual(['mkdir: mkdir ? @$d']);
    const calls = 'f; '.repeat(2000);
    const result = analyze(`RUN f() { touch /f; }; ${calls}`);
    expect(result.effects).toHaveLength(1);
  });

  test('an unknown command and an unknown command name give nothing', () => {
    expect(effectsOf('RUN frobnicate /data && $TOOL /data && "$(which rm)" -rf /data')).toEqual([]);
  });
});

describe('pathological words', () => {
  test('a huge word full of braces is unknown rather than slow', () => {
    const started = performance.now();
    expect(summaryOf('RUN mkdir /x' + '{a,b}'.repeat(20_000))).toEqual([`mkdir: mkdir ? @/x${'{a,b}'.repeat(20_000)}`]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test('brace expansion that would give too many words is unknown', () => {
    expect(summaryOf('RUN mkdir /x{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}')).toEqual([
      'mkdir: mkdir ? @/x{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}',
    ]);
  });
});
