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
    ['RUN cp -a a b /dst/', ['cp: read /w/a @a', 'cp: read /w/b @b', 'cp: write /dst/a R @/dst/', 'cp: write /dst/b R @/dst/']],
    ['RUN cp -rf src /dst', ['cp: read /w/src @src', 'cp: write /dst R @/dst']],
    ['RUN cp -t /dst a b', ['cp: read /w/a @a', 'cp: read /w/b @b', 'cp: write /dst/a @/dst', 'cp: write /dst/b @/dst']],
    ['RUN cp --target-directory=/dst a', ['cp: read /w/a @a', 'cp: write /dst/a @/dst']],
    ['RUN cp -S .bak a /dst', ['cp: read /w/a @a', 'cp: write /dst @/dst']],
    ['RUN cp only', []],
    ['RUN mv /tmp/a /dst', ['mv: delete /tmp/a @/tmp/a', 'mv: write /dst @/dst']],
    ['RUN mv -t /dst /a /b', ['mv: delete /a @/a', 'mv: delete /b @/b', 'mv: write /dst/a @/dst', 'mv: write /dst/b @/dst']],
    ['RUN install -m 0755 -o root -g root tool /usr/bin/tool', ['install: read /w/tool @tool', 'install: write /usr/bin/tool @/usr/bin/tool']],
    ['RUN install -d -m 0755 -o app /data /logs', [
      'install: mkdir /data @/data', 'install: mkdir /logs @/logs', 'install: permission /data @/data', 'install: permission /logs @/logs',
    ]],
    ['RUN install --directory /data', ['install: mkdir /data @/data']],
    ['RUN install -t /usr/bin a', ['install: read /w/a @a', 'install: write /usr/bin/a @/usr/bin']],
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
    ['RUN git checkout v1', ['git: write /w/… R @checkout']],
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
    ['RUN find -name "*.pyc" -delete', ['find: delete /w/… R @find']],
    ['RUN find /data -name x -exec rm -rf {} \\; -fprint /found', ['rm: delete /data/… R @/data', 'find: write /found @/found']],
    ['RUN find / -xdev -name "*.log" -print', []],
    ['RUN find /src -type f | xargs rm -f', ['rm: delete /src R @/src']],
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
    ['RUN . /etc/os-release && source /env', ['.: read /etc/os-release @/etc/os-release', 'source: read /env @/env']],
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
    ['RUN tini -s -p SIGTERM -- touch /a', ['touch: touch /a @/a']],
    ['RUN dumb-init -c --rewrite 15:2 touch /a', ['touch: touch /a @/a']],
    ['RUN time touch /a', ['touch: touch /a @/a']],
    ['RUN timeout -s KILL 10 touch /a', ['touch: touch /a @/a']],
    ['RUN exec touch /a', ['touch: touch /a @/a']],
    ['RUN command touch /a', ['touch: touch /a @/a']],
    ['RUN command -v touch', []],
    ['RUN busybox mkdir -p /a', ['mkdir: mkdir /a @/a']],
    ['RUN /bin/mkdir /a', ['mkdir: mkdir /a @/a']],
    ['RUN stdbuf -oL touch /a', ['touch: touch /a @/a']],
    ['RUN chroot /newroot touch /a', []],
    ['RUN echo /a | xargs touch', ['touch: touch ? @xargs']],
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
      { kind: 'write', path: '/dst/a', pathText: '/dst' },
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

describe('paths with unknown parts and globs', () => {
  table([
    ['RUN mkdir -p /data/$VERSION/cache', ['mkdir: mkdir /data/…/cache @/data/$VERSION/cache']],
    ['RUN touch "/data/stamp-$(date +%s)"', ['touch: touch /data/stamp-… @"/data/stamp-$(date +%s)"']],
    ['RUN cp app.jar /data/app-${VERSION}.jar', ['cp: read /w/app.jar @app.jar', 'cp: write /data/app-….jar @/data/app-${VERSION}.jar']],
    ['RUN cd /data/sites/$SITE && touch .ready', ['touch: touch /data/sites/…/.ready @.ready']],
    ['RUN cd /data/$X/.. && touch a', ['touch: touch /…/a @a']],
    ['RUN touch $DIR/x', ['touch: touch ? @$DIR/x']],
    ['RUN touch -$FLAGS', ['touch: touch ? @-$FLAGS']],
    ['RUN rm -rf /data/*', ['rm: delete /data/* R G @/data/*']],
    ['RUN rm -f /data/*/$X', ['rm: delete /data/*/… @/data/*/$X']],
    ['RUN echo x > "$LOG_DIR/app.log"', ['>: write ? @"$LOG_DIR/app.log"']],
    ['RUN echo x > /var/log/app-$N.log', ['>: write /var/log/app-….log @/var/log/app-$N.log']],
  ]);
});

describe('creators that set owner or mode, users, special and temporary files', () => {
  table([
    ['RUN install -d -o app /data', ['install: mkdir /data @/data', 'install: permission /data @/data']],
    ['RUN install -d /data', ['install: mkdir /data @/data']],
    ['RUN mkdir -m 700 /data/secrets', ['mkdir: mkdir /data/secrets @/data/secrets']],
    ['RUN useradd -m -d /data/home app', ['useradd: mkdir /data/home @/data/home']],
    ['RUN useradd -m app', ['useradd: mkdir /home/app @app']],
    ['RUN useradd -m -b /srv app', ['useradd: mkdir /srv/app @/srv']],
    ['RUN useradd -r app && useradd -M svc', []],
    ['RUN adduser -D app', ['adduser: mkdir /home/app @app']],
    ['RUN adduser -D -h /data app', ['adduser: mkdir /data @/data']],
    ['RUN adduser -D -H app && adduser app wheel && adduser -S svc', []],
    ['RUN adduser --home /srv/app --disabled-password app', ['adduser: mkdir /srv/app @/srv/app']],
    ['RUN adduser --system --no-create-home --home /srv/app app', []],
    ['RUN mkfifo -m 600 /data/pipe', ['mkfifo: touch /data/pipe @/data/pipe']],
    ['RUN mknod /data/null c 1 3', ['mknod: touch /data/null @/data/null']],
    ['RUN mktemp -p /data', ['mktemp: touch /data/tmp.… @/data']],
    ['RUN mktemp /data/tmp.XXXXXX', ['mktemp: touch /data/tmp.… @/data/tmp.XXXXXX']],
    ['RUN mktemp -d --tmpdir=/data build.XXXX', ['mktemp: mkdir /data/build.… @/data']],
    ['RUN mktemp run.XXXX', ['mktemp: touch /w/run.… @run.XXXX']],
    ['RUN mktemp && mktemp -d && mktemp -t x.XXXX && mktemp --tmpdir y.XXXX', []],
  ]);
});

describe('in-place editors and unpackers', () => {
  table([
    ["RUN perl -pi -e 's/a/b/' /data/a.conf", ['perl: write /data/a.conf @/data/a.conf']],
    ["RUN perl -i.bak -pe 's/a/b/' a b", ['perl: write /w/a @a', 'perl: write /w/b @b']],
    ["RUN perl -0777 -pi -e 's/a/b/' /c", ['perl: write /c @/c']],
    ['RUN perl -pie s/a/b/ /c', ['perl: write /c @/c']],
    ["RUN perl -ne 'print' /data/a.conf && perl script.pl", []],
    ['RUN gunzip /data/dump.sql.gz', ['gunzip: read /data/dump.sql.gz @/data/dump.sql.gz', 'gunzip: write /data/dump.sql @/data/dump.sql.gz']],
    ['RUN gzip -d /data/a.tgz', ['gzip: read /data/a.tgz @/data/a.tgz', 'gzip: write /data/a.tar @/data/a.tgz']],
    ['RUN gzip /data/a && gunzip -c /data/x.gz && gunzip -t /data/x.gz && gunzip /data/x', ['gunzip: read /data/x @/data/x']],
    ['RUN pigz -d /data/x.gz', ['pigz: read /data/x.gz @/data/x.gz', 'pigz: write /data/x @/data/x.gz']],
    ['RUN bunzip2 /data/x.bz2 && bzip2 -d /data/y.tbz2', [
      'bunzip2: read /data/x.bz2 @/data/x.bz2', 'bunzip2: write /data/x @/data/x.bz2', 'bzip2: read /data/y.tbz2 @/data/y.tbz2', 'bzip2: write /data/y.tar @/data/y.tbz2',
    ]],
    ['RUN xz -d /data/x.xz && unxz /data/y.txz', [
      'xz: read /data/x.xz @/data/x.xz', 'xz: write /data/x @/data/x.xz', 'unxz: read /data/y.txz @/data/y.txz', 'unxz: write /data/y.tar @/data/y.txz',
    ]],
    ['RUN zstd -d /data/x.zst && unzstd /data/y.tzst', [
      'zstd: read /data/x.zst @/data/x.zst', 'zstd: write /data/x @/data/x.zst', 'unzstd: read /data/y.tzst @/data/y.tzst', 'unzstd: write /data/y.tar @/data/y.tzst',
    ]],
    ['RUN zstd -d /data/x.zst -o /tmp/x', ['zstd: write /tmp/x @/tmp/x']],
    ['RUN 7z x /tmp/a.7z -o/data && 7za e b.7z', ['7z: read /tmp/a.7z @/tmp/a.7z', '7z: write /data R @/data', '7za: read /w/b.7z @b.7z', '7za: write /w R @e']],
    ['RUN 7z l /data/a.7z && 7zr a /tmp/b.7z /data', []],
    ['RUN cpio -idm -D /data < /tmp/a.cpio', ['<: read /tmp/a.cpio @/tmp/a.cpio', 'cpio: write /data R @/data']],
    ['RUN cpio -i < /tmp/a.cpio && cpio -pdm /dst < list', ['<: read /tmp/a.cpio @/tmp/a.cpio', 'cpio: write /w R @cpio', '<: read /w/list @list', 'cpio: write /dst R @/dst']],
  ]);
});

describe('creators of trees', () => {
  table([
    ['RUN git init /data/repo', ['git: write /data/repo/.git R @/data/repo']],
    ['RUN git init --bare /srv/r.git', ['git: write /srv/r.git R @/srv/r.git']],
    ['RUN git -C /data/repo init', ['git: write /data/repo/.git R @init']],
    ['RUN git -C /data/repo pull && git -C /data/repo checkout v1', ['git: write /data/repo/… R @/data/repo', 'git: write /data/repo/… R @/data/repo']],
    ['RUN git -C /data/repo log -1 && git status && git config user.name x', []],
    ['RUN python3 -m venv --prompt app /data/venv', ['python3: write /data/venv R @/data/venv']],
    ['RUN virtualenv -p python3 /data/env', ['virtualenv: write /data/env R @/data/env']],
    ['RUN python -m virtualenv /data/env', ['virtualenv: write /data/env R @/data/env']],
    ['RUN initdb -D /var/lib/postgresql/data', ['initdb: write /var/lib/postgresql/data R @/var/lib/postgresql/data']],
    ['RUN initdb --pgdata=/pg -E UTF8 && initdb /pg2', ['initdb: write /pg R @/pg', 'initdb: write /pg2 R @/pg2']],
    ['RUN PGDATA=/pg initdb', ['initdb: write /pg R @initdb']],
    ['RUN initdb', []],
  ]);
});

describe('wrappers that run their operand', () => {
  table([
    ['RUN setpriv --reuid=app --init-groups touch /data/x', ['touch: touch /data/x @/data/x']],
    ['RUN flock /tmp/lock touch /data/x', ['touch: touch /data/x @/data/x']],
    ["RUN flock -w 10 /tmp/lock -c 'echo x > /data/y'", ['>: write /data/y @/data/y']],
    ['RUN flock 9', []],
    ['RUN ionice -c3 rm -rf /data/cache && ionice -p 1', ['rm: delete /data/cache R @/data/cache']],
    ['RUN chroot / touch /data/x && chroot /mnt touch /data/y', ['touch: touch /data/x @/data/x']],
    ['RUN unshare -n touch /data/x && unshare --root=/mnt touch /data/y', ['touch: touch /data/x @/data/x']],
    ['RUN s6-setuidgid app touch /data/x', ['touch: touch /data/x @/data/x']],
    ['RUN chpst -u app touch /data/x && chpst -/ /mnt touch /data/y', ['touch: touch /data/x @/data/x']],
    ['RUN runuser -u app -- touch /data/x', ['touch: touch /data/x @/data/x']],
    ["RUN runuser app -c 'touch /data/x'", ['touch: touch /data/x @/data/x']],
    ["RUN su app -s /bin/sh -c 'touch /data/x'", ['touch: touch /data/x @/data/x']],
    ['RUN eval "touch /data/x"', ['touch: touch /data/x @/data/x']],
    ['RUN eval "cd /data" && touch x', ['touch: touch /data/x @x']],
    ['RUN eval touch /data/$X', []],
  ]);
});

describe('pipelines and copies into directories', () => {
  table([
    ['RUN find /data -type f -print0 | xargs -0 chmod 644', ['chmod: permission /data R @/data']],
    ["RUN find /data -name '*.tmp' -print0 | xargs -0 rm -f", ['rm: delete /data/… @/data']],
    ["RUN find /data -name '*.tmp' | xargs -I{} rm -f {}", ['rm: delete /data/… @/data']],
    ['RUN find /data -type f | sort | xargs touch', ['touch: touch ? @xargs']],
    ['RUN find /data -type f 2>/dev/null | xargs chown app', ['chown: permission /data R @/data']],
    ['RUN cp -r conf /data/ && cp -rT conf /srv/', ['cp: read /w/conf @conf', 'cp: write /data/conf R @/data/', 'cp: read /w/conf @conf', 'cp: write /srv R @/srv/']],
    ['RUN cp -r conf/* /data/', ['cp: read /w/conf/* G @conf/*', 'cp: write /data/… R @/data/']],
  ]);
});
