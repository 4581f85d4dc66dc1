import { beforeAll, describe, expect, it } from 'vitest';
import { classifyCommand, loadShellParser, runsScript } from '../src/shell/index.js';
import { analyze } from './shell-helpers.js';

const sh = (script: string): string[] => ['/bin/sh', '-c', script];

describe('what a container command does over time (shell/command-class.ts)', () => {
  beforeAll(() => loadShellParser());

  it('tells idle commands from no-ops, shells and apps', () => {
    expect(classifyCommand(['sleep', 'infinity'])).toBe('idle');
    expect(classifyCommand(['/bin/sleep', '2d'])).toBe('idle');
    expect(classifyCommand(['sleep', '5'])).toBe('noop');
    expect(classifyCommand(['tail', '-F', '/var/log/x'])).toBe('idle');
    expect(classifyCommand(['true'])).toBe('noop');
    expect(classifyCommand([])).toBe('noop');
    expect(classifyCommand(['/bin/sh'])).toBe('shell');
    expect(classifyCommand(['bash', '-l'])).toBe('shell');
    expect(classifyCommand(['nginx', '-g', 'daemon off;'])).toBe('app');
  });

  it('looks through the wrappers of the shared command table', () => {
    expect(classifyCommand(['tini', '--', 'sleep', 'inf'])).toBe('idle');
    expect(classifyCommand(['dumb-init', '-c', 'tail', '-f', '/dev/null'])).toBe('idle');
    expect(classifyCommand(['gosu', 'app', 'sleep', 'infinity'])).toBe('idle');
    expect(classifyCommand(['env', 'A=1', 'true'])).toBe('noop');
    expect(classifyCommand(['timeout', '10', 'sleep', '1'])).toBe('noop');
    // A wrapper that does not run its command on the same files runs something volint cannot tell.
    expect(classifyCommand(['chroot', '/other', 'sleep', 'infinity'])).toBe('app');
  });

  it('reads scripts with the shell analysis', () => {
    expect(classifyCommand(sh('trap : TERM INT; sleep infinity & wait'))).toBe('idle');
    expect(classifyCommand(sh('while :; do sleep 1; done'))).toBe('idle');
    expect(classifyCommand(sh('while [ 1 ]\ndo\n  sleep 1\ndone'))).toBe('idle');
    expect(classifyCommand(sh('until false; do sleep 5; done'))).toBe('idle');
    expect(classifyCommand(sh('while true; do ./sync; sleep 60; done'))).toBe('app');
    expect(classifyCommand(sh('echo "$HOSTNAME is up"; exit 0'))).toBe('noop');
    expect(classifyCommand(sh('echo "Data-only container"'))).toBe('noop');
    expect(classifyCommand(sh('echo "a; nginx" && exec sleep infinity'))).toBe('idle');
    expect(classifyCommand(sh("su app -c 'sleep infinity'"))).toBe('idle');
    expect(classifyCommand(['bash', '-c', 'bash'])).toBe('shell');
  });

  it('never guesses an unknown word into a class', () => {
    expect(classifyCommand(sh('sleep $DELAY'))).toBe('app');
    expect(classifyCommand(sh('$CMD'))).toBe('app');
    expect(classifyCommand(sh('sh "$SCRIPT"'))).toBe('app');
    expect(classifyCommand(sh('sleep "$(cat /delay)"'))).toBe('app');
    expect(classifyCommand(sh('if then fi ('))).toBe('app');
  });

  it('tells which command lines need the parser', () => {
    expect(runsScript(['sleep', 'infinity'])).toBe(false);
    expect(runsScript(['tini', '--', 'nginx'])).toBe(false);
    expect(runsScript(['sh', '-c'])).toBe(false);
    expect(runsScript(sh('true'))).toBe(true);
    expect(runsScript(['gosu', 'app', 'bash', '-c', 'x'])).toBe(true);
    expect(runsScript(['su', 'app', '-c', 'x'])).toBe(true);
  });

  it('lists the commands of a RUN that are not no-ops, and whether they had effects', () => {
    const { commands, clean } = analyze('RUN mkdir -p /data && chown app /data && echo done && apk add curl');
    expect(clean).toBe(true);
    expect(commands).toEqual([
      { kind: 'app', hadEffects: true },
      { kind: 'app', hadEffects: true },
      { kind: 'app', hadEffects: false },
    ]);
    expect(analyze('RUN sudo -u app mkdir /data').commands).toEqual([{ kind: 'app', hadEffects: true }]);
  });
});
