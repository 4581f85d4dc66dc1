import { beforeAll, describe, expect, test } from 'vitest';
import { loadShellParser } from '../src/shell/index.js';
import { effectsOf, summaryOf } from './shell-helpers.js';

beforeAll(async () => {
  await loadShellParser();
});

/** `RUN` line, then its effects as `command: kind path [R] [G] @pathText`, with WORKDIR /w. */
type Row = readonly [string, readonly string[]];

function table(rows: readonly Row[]): void {
  test.each(rows)('%s', (run, expected) => {
    expect(summaryOf(run, { workdir: '/w' })).toEqual(expected);
  });
}

describe('redirections', () => {
  table([
    ['RUN echo x > /data/a', ['>: write /data/a @/data/a']],
    ['RUN echo x >> log', ['>>: write /w/log @log']],
    ['RUN make &> /data/build.log', ['&>: write /data/build.log @/data/build.log']],
    ['RUN make &>> /data/build.log', ['&>>: write /data/build.log @/data/build.log']],
    ['RUN echo x >| /data/a', ['>|: write /data/a @/data/a']],
    ['RUN echo x >& /data/a', ['>&: write /data/a @/data/a']],
    ['RUN cmd 2> /data/err', ['>: write /data/err @/data/err']],
    ['RUN cmd 2>/dev/null >/dev/stdout 2>&1 >&- < /proc/cpuinfo', []],
    ['RUN while read l; do :; done < /etc/list', ['<: read /etc/list @/etc/list']],
    ['RUN { echo a; echo b; } > /data/both', ['>: write /data/both @/data/both']],
    ['RUN cat <<EOF > /etc/conf\nkey=value\nEOF', ['>: write /etc/conf @/etc/conf']],
    ['RUN cat > /etc/conf <<EOF\nkey=value\nEOF', ['>: write /etc/conf @/etc/conf']],
  ]);
});

describe('file creation and deletion', () => {
  table([
    ['RUN mkdir /a b', ['mkdir: mkdir /a @/a', 'mkdir: mkdir /w/b @b']],
    ['RUN mkdir -pv -m 0750 /a', ['mkdir: mkdir /a @/a']],
    ['RUN mkdir --mode=700 --parents /a', ['mkdir: mkdir /a @/a']],
    ['RUN touch /a', ['touch: touch /a @/a']],
    ['RUN touch -r /ref -d yesterday /a', ['touch: touch /a @/a']],
    ['RUN rm /a', ['rm: delete /a @/a']],
    ['RUN rm -rf /a', ['rm: delete /a R @/a']],
    ['RUN rm -R -- -odd', ['rm: delete /w/-odd R @-odd']],
    ['RUN rm --recursive --force /a', ['rm: delete /a R @/a']],
    ['RUN rmdir -p /a/b', ['rmdir: delete /a/b @/a/b']],
    ['RUN unlink /a', ['unlink: delete /a @/a']],
    ['RUN truncate -s 0 /var/log/a', ['truncate: write /var/log/a @/var/log/a']],
    ['RUN fallocate -l 1G /swapfile', ['fallocate: write /swapfile @/swapfile']],
    ['RUN dd if=/dev/zero of=/swap bs=1M count=8', ['dd: write /swap @/swap']],
    ['RUN tee /a /b', ['tee: write /a @/a', 'tee: write /b @/b']],
    ['RUN echo x | tee -a /etc/hosts', ['tee: write /etc/hosts @/etc/hosts']],
  ]);
});

describe('copy, move, install, link', () => {
  table([
    ['RUN cp a /dst', ['cp: read /w/a @a', 'cp: write /dst @/dst']],
    ['RUN cp -a a b /dst/', ['cp: read /w/a @a', 'cp: read /w/b @b', 'cp: write /dst R @/dst/']],
    ['RUN cp -rf src /dst', ['cp: read /w/src @src', 'cp: write /dst R @/dst']],
    ['RUN cp -t /dst a b', ['cp: read /w/a @a', 'cp: read /w/b @b', 'cp: write /dst @/dst']],
    ['RUN cp --target-directory=/dst a', ['cp: read /w/a @a', 'cp: write /dst @/dst']],
    ['RUN cp -S .bak a /dst', ['cp: read /w/a @a', 'cp: write /dst @/dst']],
    ['RUN cp only', []],
    ['RUN mv /tmp/a /dst', ['mv: delete /tmp/a @/tmp/a', 'mv: write /dst @/dst']],
    ['RUN mv -t /dst /a /b', ['mv: delete /a @/a', 'mv: delete /b @/b', 'mv: write /dst @/dst']],
    ['RUN install -m 0755 -o root -g root tool /usr/bin/tool', ['install: read /w/tool @tool', 'install: write /usr/bin/tool @/usr/bin/tool']],
    ['RUN install -d -m 0755 -o app /data /logs', ['install: mkdir /data @/data', 'install: mkdir /logs @/logs']],
    ['RUN install --directory /data', ['install: mkdir /data @/data']],
    ['RUN install -t /usr/bin a', ['install: read /w/a @a', 'install: write /usr/bin @/usr/bin']],
    ['RUN ln -s /usr/bin/python3 /usr/bin/python', ['ln: write /usr/bin/python @/usr/bin/python']],
    ['RUN ln -sf /dev/stdout /var/log/nginx/access.log', ['ln: write /var/log/nginx/access.log @/var/log/nginx/access.log']],
    ['RUN ln -s /opt/tool/bin/tool', ['ln: write /w/tool @/opt/tool/bin/tool']],
    ['RUN ln -s /a /b /dir', ['ln: write /dir @/dir']],
    ['RUN ln -st /dir /a /b', ['ln: write /dir @/dir']],
    ['RUN rsync -a /src/ /dst/', ['rsync: read /src @/src/', 'rsync: write /dst R @/dst/']],
    ['RUN rsync -e ssh host:/x /dst', ['rsync: write /dst @/dst']],
  ]);
});

describe('in-place edits', () => {
  table([
    ["RUN sed -i 's/a/b/' /etc/a /etc/b", ['sed: write /etc/a @/etc/a', 'sed: write /etc/b @/etc/b']],
    ["RUN sed -i.bak 's/a/b/' /etc/a", ['sed: write /etc/a @/etc/a']],
    ["RUN sed --in-place -e 's/a/b/' -e 's/c/d/' /etc/a", ['sed: write /etc/a @/etc/a']],
    ["RUN sed --in-place=.orig --expression='s/a/b/' /etc/a", ['sed: write /etc/a @/etc/a']],
    ['RUN sed -i -f /script.sed /etc/a', ['sed: write /etc/a @/etc/a']],
    ["RUN sed -Ei 's/a/b/' /etc/a", ['sed: write /etc/a @/etc/a']],
    ["RUN sed 's/a/b/' /etc/a > /etc/b", ['>: write /etc/b @/etc/b']],
  ]);
});

describe('archives and downloads', () => {
  table([
    ['RUN tar -xzf /tmp/a.tgz -C /opt', ['tar: read /tmp/a.tgz @/tmp/a.tgz', 'tar: write /opt R @/opt']],
    ['RUN tar xzf /tmp/a.tgz -C /opt', ['tar: read /tmp/a.tgz @/tmp/a.tgz', 'tar: write /opt R @/opt']],
    ['RUN tar xf a.tar', ['tar: read /w/a.tar @a.tar', 'tar: write /w R @tar']],
    ['RUN tar --extract --file a.tar --directory=/d --strip-components 1', ['tar: read /w/a.tar @a.tar', 'tar: write /d R @/d']],
    ['RUN tar -x -f a.tar --directory /d', ['tar: read /w/a.tar @a.tar', 'tar: write /d R @/d']],
    ['RUN tar -xOf a.tar member', ['tar: read /w/a.tar @a.tar']],
    ['RUN tar -czf /backup.tgz -C /data .', ['tar: write /backup.tgz @/backup.tgz', 'tar: read /data @.']],
    ['RUN tar cf - dir | gzip > /a.tgz', ['tar: read /w/dir @dir', '>: write /a.tgz @/a.tgz']],
    ['RUN tar -tzf a.tgz', ['tar: read /w/a.tgz @a.tgz']],
    ['RUN unzip /tmp/a.zip -d /opt', ['unzip: read /tmp/a.zip @/tmp/a.zip', 'unzip: write /opt R @/opt']],
    ['RUN unzip -q a.zip', ['unzip: read /w/a.zip @a.zip', 'unzip: write /w R @unzip']],
    ['RUN unzip -l a.zip', ['unzip: read /w/a.zip @a.zip']],
    ['RUN curl -fsSL -o /usr/bin/tool https://x/tool', ['curl: write /usr/bin/tool @/usr/bin/tool']],
    ['RUN curl -fsSLo /usr/bin/tool https://x/tool', ['curl: write /usr/bin/tool @/usr/bin/tool']],
    ['RUN curl -H "Accept: x" --output /f https://x', ['curl: write /f @/f']],
    ['RUN curl -sSLO https://x/a.tgz', ['curl: write /w @https://x/a.tgz']],
    ['RUN curl --remote-name https://x/a.tgz --output-dir /dl', ['curl: write /dl @https://x/a.tgz']],
    ['RUN curl -o f --output-dir /dl https://x', ['curl: write /dl/f @f']],
    ['RUN curl -fsSL https://x | sh', []],
    ['RUN curl -o - https://x', []],
    ['RUN wget https://x/a.tgz', ['wget: write /w @https://x/a.tgz']],
    ['RUN wget -q -O /f https://x', ['wget: write /f @/f']],
    ['RUN wget -qO- https://x', []],
    ['RUN wget --output-document=/f https://x', ['wget: write /f @/f']],
    ['RUN wget -P /dl https://x', ['wget: write /dl @/dl']],
    ['RUN wget --directory-prefix=/dl -r https://x', ['wget: write /dl R @/dl']],
    ['RUN wget -nv --tries 3 https://x', ['wget: write /w @https://x']],
    ['RUN git clone https://github.com/o/repo.git', ['git: write /w/repo R @https://github.com/o/repo.git']],
    ['RUN git clone --depth 1 -b v1 git@github.com:o/repo.git /src/r', ['git: write /src/r R @/src/r']],
    ['RUN git clone --bare https://h/o/repo', ['git: write /w/repo.git R @https://h/o/repo']],
    ['RUN git -C /opt clone https://h/o/repo app', ['git: write /opt/app R @app']],
    ['RUN git checkout v1', []],
  ]);
});

describe('package managers', () => {
  table([
    ['RUN npm install', ['npm: write /w R @install']],
    ['RUN npm ci --omit dev', ['npm: write /w R @ci']],
    ['RUN npm --prefix /app install', ['npm: write /app R @/app']],
    ['RUN npm install -g pm2', []],
    ['RUN npm run build', []],
    ['RUN yarn', ['yarn: write /w R @yarn']],
    ['RUN yarn install --frozen-lockfile', ['yarn: write /w R @install']],
    ['RUN yarn add left-pad --cwd /app', ['yarn: write /app R @/app']],
    ['RUN yarn global add pm2', []],
    ['RUN pnpm install', ['pnpm: write /w R @install']],
    ['RUN pnpm add x --dir /p', ['pnpm: write /p R @/p']],
    ['RUN composer install --no-dev', ['composer: write /w R @install']],
    ['RUN composer require x/y --working-dir=/app', ['composer: write /app R @/app']],
    ['RUN bundle install', ['bundle: write /w R @install']],
    ['RUN pip install --target /deps -r requirements.txt', ['pip: write /deps R @/deps']],
    ['RUN pip3 install -t /deps x', ['pip3: write /deps R @/deps']],
    ['RUN pip install --no-cache-dir x', []],
    ['RUN python3 -m pip install --target=/deps x', ['pip: write /deps R @/deps']],
    ['RUN pip download -d /wheels x', ['pip: write /wheels R @/wheels']],
  ]);
});

describe('ownership and permissions', () => {
  table([
    ['RUN chown app:app /data', ['chown: permission /data @/data']],
    ['RUN chown -R app /data /logs', ['chown: permission /data R @/data', 'chown: permission /logs R @/logs']],
    ['RUN chown --recursive --from=root:root app:app /data', ['chown: permission /data R @/data']],
    ['RUN chown --reference=/etc /data', ['chown: read /etc @/etc', 'chown: permission /data @/data']],
    ['RUN chgrp -R 0 /data', ['chgrp: permission /data R @/data']],
    ['RUN chmod 755 /entrypoint.sh', ['chmod: permission /entrypoint.sh @/entrypoint.sh']],
    ['RUN chmod +x /a /b', ['chmod: permission /a @/a', 'chmod: permission /b @/b']],
    ['RUN chmod -R g=u /data', ['chmod: permission /data R @/data']],
    ['RUN chmod -x /data/tool', ['chmod: permission /data/tool @/data/tool']],
    ['RUN chmod -Rv go-w /data', ['chmod: permission /data R @/data']],
    ['RUN setfacl -R -m u:app:rwx /data', ['setfacl: permission /data R @/data']],
    ['RUN setfacl --modify=u:app:rwx /data', ['setfacl: permission /data @/data']],
    ['RUN setfacl --restore=/acl.txt', []],
    ['RUN setcap cap_net_bind_service=+ep /usr/bin/node', ['setcap: permission /usr/bin/node @/usr/bin/node']],
    ['RUN setcap -r /usr/bin/node', ['setcap: permission /usr/bin/node @/usr/bin/node']],
    ['RUN useradd -m -d /home/app app', ['useradd: mkdir /home/app @/home/app']],
    ['RUN useradd -r -s /bin/false app', []],
  ]);
});

describe('find', () => {
  table([
    ['RUN find /data -type f -exec chmod 644 {} \\;', ['chmod: permission /data R @/data']],
    ['RUN find /data /logs -exec chown app {} +', ['chown: permission /data R @/data', 'chown: permission /logs R @/logs']],
    ['RUN find /tmp -mindepth 1 -delete', ['find: delete /tmp R @/tmp']],
    ['RUN find -name "*.pyc" -delete', ['find: delete /w R @find']],
    ['RUN find /data -name x -exec rm -rf {} \\; -fprint /found', ['rm: delete /data/* R G @/data', 'find: write /found @/found']],
    ['RUN find / -xdev -name "*.log" -print', []],
    ['RUN find /src -type f | xargs rm -f', []],
  ]);
});

describe('reads are never writes', () => {
  table([
    ['RUN cat /data/a', ['cat: read /data/a @/data/a']],
    ['RUN ls -la /data', ['ls: read /data @/data']],
    ['RUN grep -q pattern /data/a', ['grep: read /data/a @/data/a']],
    ['RUN grep -e a -f /pats /data/a', ['grep: read /data/a @/data/a']],
    ['RUN head -n 5 /a && tail -n 1 /b', ['head: read /a @/a', 'tail: read /b @/b']],
    ['RUN sha256sum -c /sums', []],
    ['RUN sort -o /sorted /in', ['sort: read /in @/in', 'sort: write /sorted @/sorted']],
    ['RUN . /etc/os-release && source /env', ['source: read /env @/env']],
    ['RUN test -f /data/a && [ -d /data ] && [[ -e /data/b ]]', []],
    ['RUN stat /data', ['stat: read /data @/data']],
  ]);
});

describe('wrappers', () => {
  table([
    ['RUN sudo mkdir /a', ['mkdir: mkdir /a @/a']],
    ['RUN sudo -u app -E touch /a', ['touch: touch /a @/a']],
    ['RUN sudo -D /srv touch a', ['touch: touch /srv/a @a']],
    ['RUN sudo -i touch a', ['touch: touch ? @a']],
    ['RUN gosu app touch /a', ['touch: touch /a @/a']],
    ['RUN su-exec app:app mkdir /a', ['mkdir: mkdir /a @/a']],
    ['RUN doas -u app touch /a', ['touch: touch /a @/a']],
    ['RUN env -i PATH=/bin touch /a', ['touch: touch /a @/a']],
    ['RUN env -C /srv touch a', ['touch: touch /srv/a @a']],
    ['RUN env FOO=1', []],
    ['RUN nice -n 10 touch /a', ['touch: touch /a @/a']],
    ['RUN nohup touch /a', ['touch: touch /a @/a']],
    ['RUN time touch /a', ['touch: touch /a @/a']],
    ['RUN timeout -s KILL 10 touch /a', ['touch: touch /a @/a']],
    ['RUN exec touch /a', ['touch: touch /a @/a']],
    ['RUN command touch /a', ['touch: touch /a @/a']],
    ['RUN command -v touch', []],
    ['RUN busybox mkdir -p /a', ['mkdir: mkdir /a @/a']],
    ['RUN /bin/mkdir /a', ['mkdir: mkdir /a @/a']],
    ['RUN stdbuf -oL touch /a', ['touch: touch /a @/a']],
    ['RUN chroot /newroot touch /a', []],
    ['RUN echo /a | xargs touch', []],
    ['RUN set -eux; touch /a', ['touch: touch /a @/a']],
    ["RUN su app -c 'touch /a'", ['touch: touch /a @/a']],
    ["RUN su - app -c 'touch a'", ['touch: touch ? @a']],
    ['RUN runuser -u app -- touch /a', ['touch: touch /a @/a']],
    ['RUN apt-get install -y curl', []],
  ]);
});

describe('ranges', () => {
  test('a command effect marks the simple command, its path the word', () => {
    expect(effectsOf('RUN apt-get update && chown -R app:app "/data" && echo done')).toEqual([
      { kind: 'permission', path: '/data', command: 'chown', text: 'chown -R app:app "/data"', pathText: '"/data"', recursive: true },
    ]);
  });

  test('a redirect effect marks the redirect', () => {
    expect(effectsOf('RUN cd /data && echo hi  >  log 2>&1')).toEqual([
      { kind: 'write', path: '/data/log', command: '>', text: '>  log', pathText: 'log' },
    ]);
  });

  test('a wrapped command is marked whole', () => {
    expect(effectsOf('RUN sudo -u app touch /a')).toEqual([
      { kind: 'touch', path: '/a', command: 'touch', text: 'sudo -u app touch /a', pathText: '/a' },
    ]);
  });

  test('an attached option value is narrowed to the value', () => {
    expect(effectsOf('RUN tar --directory=/opt -xf a.tar && cp -t/dst a')).toMatchObject([
      { kind: 'read', path: '/a.tar' },
      { kind: 'write', path: '/opt', pathText: '/opt' },
      { kind: 'read', path: '/a' },
      { kind: 'write', path: '/dst', pathText: '/dst' },
    ]);
  });
});

describe('the command table', () => {
  test('each command name belongs to exactly one family', async () => {
    const { COMMAND_FAMILIES } = await import('../src/shell/commands/table.js');
    const names = Object.values(COMMAND_FAMILIES).flatMap((family) => family.map(([name]) => name));
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});
