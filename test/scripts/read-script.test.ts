import { beforeAll, describe, expect, it } from 'vitest';
import { readScript } from '../../src/scripts/collect.js';
import type { DockerCommand, DockerRun } from '../../src/scripts/docker-cli.js';
import { scriptKind, type ScriptKind } from '../../src/scripts/kinds.js';
import { loadShellParser } from '../../src/shell/index.js';

beforeAll(() => loadShellParser());

function commands(text: string, kind: ScriptKind = 'shell'): DockerCommand[] {
  return readScript('/s/run.sh', text, kind).commands;
}

function runs(text: string, kind: ScriptKind = 'shell'): DockerRun[] {
  return commands(text, kind).filter((c): c is DockerRun => c.verb === 'run' || c.verb === 'create');
}

describe('file kinds', () => {
  it.each<[string, string, ScriptKind | undefined]>([
    ['backup.sh', '', 'shell'],
    ['launcher', '#!/usr/bin/env bash\n', 'shell'],
    ['launcher', '#!/bin/sh\n', 'shell'],
    ['tool', '#!/usr/bin/env python3\n', undefined],
    ['Makefile', '', 'makefile'],
    ['rules.mk', '', 'makefile'],
    ['.github/workflows/ci.yml', '', 'github-actions'],
    ['.gitlab-ci.yml', '', 'gitlab-ci'],
    ['config.yml', '', undefined],
  ])('%s', (file, text, kind) => { expect(scriptKind(`/r/${file}`, text)).toBe(kind); });
});

describe('the directory docker commands run in', () => {
  const at = (file: string, text: string, kind: ScriptKind) => readScript(file, text, kind).workingDirectory;
  it('is unknown for a shell script, which runs where its user stands', () => {
    expect(at('/r/run.sh', 'docker run -v ./conf:/etc/app app\n', 'shell')).toBeUndefined();
    expect(runs('docker run -v ./conf:/etc/app -v /abs/conf:/etc/b app\n')[0]?.mounts.map((m) => m.source)).toEqual([undefined, '/abs/conf']);
  });
  it.each([
    'cd "$(dirname "$0")"',
    'cd "$(dirname "$0")" || exit 1',
    'cd -- "$(dirname -- "${BASH_SOURCE[0]}")"',
    'cd "${0%/*}"',
    'cd "$(dirname "$(readlink -f "$0")")"',
  ])('is the script\'s folder after %s at the top', (line) => {
    expect(at('/r/tools/run.sh', `#!/bin/sh\nset -e\n${line}\ndocker run -v ./conf:/etc/app app\n`, 'shell')).toBe('/r/tools');
  });
  it.each([
    ['a cd elsewhere as well', '#!/bin/sh\ncd "$(dirname "$0")"\ncd ..\n'],
    ['a cd into a folder', '#!/bin/sh\ncd deploy && docker run -v ./conf:/etc/app app\n'],
    ['an indented cd (in a function or a block)', '#!/bin/sh\nmain() {\n  cd "$(dirname "$0")"\n}\n'],
    ['pushd', '#!/bin/sh\ncd "$(dirname "$0")"\npushd sub\n'],
  ])('is unknown with %s', (_, text) => {
    expect(at('/r/run.sh', text, 'shell')).toBeUndefined();
  });
  it('is the folder of a Makefile, the root of a GitHub workflow\'s repository, the folder of .gitlab-ci.yml', () => {
    expect(at('/r/Makefile', 'up:\n\tdocker run -v ./conf:/etc/app app\n', 'makefile')).toBe('/r');
    expect(at('/r/Makefile', 'up:\n\tcd deploy && docker run -v ./conf:/etc/app app\n', 'makefile')).toBeUndefined();
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run -v ./conf:/etc/app app\n';
    expect(at('/r/.github/workflows/ci.yml', workflow, 'github-actions')).toBe('/r');
    expect(at('/r/.github/workflows/ci.yml', workflow.replace('      - run:', '      - working-directory: web\n        run:'), 'github-actions')).toBeUndefined();
    expect(at('/r/.gitlab-ci.yml', 'job:\n  script:\n    - docker run -v ./conf:/etc/app app\n', 'gitlab-ci')).toBe('/r');
    expect(at('/r/.gitlab/ci/build.yml', 'job:\n  script:\n    - docker run -v ./conf:/etc/app app\n', 'gitlab-ci')).toBeUndefined();
  });
});

describe('docker command lines', () => {
  it('reads the volume flags of docker run, behind sudo and continuation lines', () => {
    const [run] = runs('sudo docker run --rm -it \\\n  -v /data -v db:/var/lib/db:ro --mount type=bind,src=./conf,dst=/etc/app \\\n  --volumes-from dbdata --name web app:1 serve --port 80\n');
    expect(run).toMatchObject({ verb: 'run', removeOnExit: true, mountsKnown: true });
    expect(run?.image?.text).toBe('app:1');
    expect(run?.name?.text).toBe('web');
    expect(run?.command?.map((w) => w.text)).toEqual(['serve', '--port', '80']);
    expect(run?.mounts.map((m) => `${m.type}|${m.source ?? ''}|${m.target}|${m.readOnly}`)).toEqual([
      // ./conf is relative to wherever the script is run from: unknown.
      'volume||/data|false', 'volume|db|/var/lib/db|true', 'bind||/etc/app|false',
    ]);
    expect(run?.volumesFrom.map((v) => v.name)).toEqual(['dbdata']);
  });

  it('keeps the known target of a bind from $(pwd) and the value of a variable set earlier', () => {
    const [a, b] = runs('docker run -v "$(pwd)":/backup busybox true\nDIR=/srv/x\ndocker run -v $DIR:/x -d busybox\n');
    expect(a?.mounts[0]).toMatchObject({ type: 'bind', source: undefined, target: '/backup' });
    expect(b?.mounts[0]).toMatchObject({ type: 'bind', source: '/srv/x', target: '/x' });
    expect(b?.detach).toBe(true);
  });

  it('gives up on the image after an option it does not know, instead of guessing', () => {
    const [run] = runs('docker run --some-new-flag x -v /data postgres\n');
    expect(run?.image).toBeUndefined();
    expect(run?.mountsKnown).toBe(false);
  });

  it('reads rm, inspect, container rm and engines held in variables', () => {
    const list = commands('DOCKER=${DOCKER:-docker}\n$DOCKER rm -v a b\npodman container rm -f c\ndocker inspect -f "{{.Volumes}}" c\ndocker container inspect --format={{.Mounts}} c\n');
    expect(list.map((c) => c.verb)).toEqual(['rm', 'rm', 'inspect', 'inspect']);
    expect(list[0]).toMatchObject({ removeVolumes: true });
    expect(list[1]).toMatchObject({ removeVolumes: false, engine: 'podman' });
    expect(list[2]).toMatchObject({ object: 'any', format: { text: '{{.Volumes}}' } });
    expect(list[3]).toMatchObject({ object: 'container', format: { text: '{{.Mounts}}' } });
  });

  it('walks functions where they are called, and those never called', () => {
    const list = commands('backup() { docker run --rm --volumes-from "$1" busybox tar c /data; }\nrestore() { docker rm -v x; }\nbackup db\n');
    expect(list.map((c) => c.verb)).toEqual(['run', 'rm']);
  });
});

describe('scripts inside other files', () => {
  it('reads Makefile recipes with make variables', () => {
    const text = 'IMAGE := app\nrun:\n\t@docker run -v $(CURDIR)/data:/data $(IMAGE)\n\tdocker rm $$(docker ps -aq)\n';
    const [run, rm] = commands(text, 'makefile');
    expect((run as DockerRun).image?.text).toBe('app');
    expect((run as DockerRun).mounts[0]).toMatchObject({ type: 'bind', target: '/data' });
    expect(rm?.verb).toBe('rm');
    expect(text.slice(run?.range.start, run?.range.end)).toBe('docker run -v $(CURDIR)/data:/data $(IMAGE)');
  });

  it('reads GitHub Actions run steps and skips other shells', () => {
    const text = 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run -d --name db postgres:16\n          docker rm -f db\n      - shell: pwsh\n        run: docker run -v /x busybox\n';
    const list = commands(text, 'github-actions');
    expect(list.map((c) => c.verb)).toEqual(['run', 'rm']);
    expect(text.slice(list[0]?.range.start, list[0]?.range.end)).toBe('docker run -d --name db postgres:16');
  });

  it('reads GitLab CI script lines', () => {
    const text = 'variables:\n  IMG: redis:7\ntest:\n  script:\n    - docker run -d --name cache $IMG\n    - docker inspect -f "{{ .Volumes }}" cache\n';
    const list = commands(text, 'gitlab-ci');
    expect((list[0] as DockerRun).image?.text).toBe('redis:7');
    expect(list[1]?.verb).toBe('inspect');
  });
});
