/**
 * An independent check of issue 14: cases written from the classes (sections 1-4) before the code was run on
 * them, each with the findings a careful reader expects. `expect` lists [rule, text of the line the finding is on].
 * Near misses expect nothing. Scored by test/heldout.test.ts (precision and recall over the five volume rules).
 */
export interface HeldOutCase {
  name: string;
  text: string;
  expect: readonly (readonly [Rule, string])[];
}

type Rule = 'write' | 'permissions' | 'inherited' | 'copy' | 'syntax';

export const RULE_IDS: Readonly<Record<Rule, string>> = {
  write: 'volume-write-after-declare',
  permissions: 'volume-permissions-after-declare',
  inherited: 'volume-inherited-write',
  copy: 'volume-copy-after-declare',
  syntax: 'volume-syntax',
};

const d = (lines: readonly string[]): string => lines.join('\n') + '\n';

export const CASES: readonly HeldOutCase[] = [
  // ---- 1. one path model ----------------------------------------------------------------------------
  { name: 'mkdir with an unknown middle part', text: d(['FROM debian:12', 'ARG VERSION', 'VOLUME /data', 'RUN mkdir -p /data/$VERSION/cache']), expect: [['write', 'RUN mkdir']] },
  { name: 'touch with a command substitution', text: d(['FROM debian:12', 'VOLUME /data', 'RUN touch "/data/stamp-$(date +%s)"']), expect: [['write', 'RUN touch']] },
  { name: 'cp to a versioned name', text: d(['FROM debian:12', 'ARG VERSION', 'VOLUME /data', 'RUN cp app.jar /data/app-${VERSION}.jar']), expect: [['write', 'RUN cp']] },
  { name: 'cd into an unknown subdirectory', text: d(['FROM debian:12', 'ARG SITE', 'VOLUME /data', 'RUN cd /data/sites/$SITE && touch .ready']), expect: [['write', 'RUN cd']] },
  { name: 'mv to an unknown file name', text: d(['FROM debian:12', 'ARG NAME', 'VOLUME /data', 'RUN mv /tmp/x.conf "/data/${NAME}.conf"']), expect: [['write', 'RUN mv']] },
  { name: 'rm -rf of every entry of the parent', text: d(['FROM debian:12', 'VOLUME /data/cache', 'RUN rm -rf /data/*']), expect: [['write', 'RUN rm']] },
  { name: 'chown -R of every entry of the parent', text: d(['FROM debian:12', 'VOLUME /data/cache', 'RUN chown -R app /data/*']), expect: [['permissions', 'RUN chown']] },
  { name: 'chmod -R of a glob matching the volume', text: d(['FROM debian:12', 'VOLUME /srv/data', 'RUN chmod -R g+w /srv/*']), expect: [['permissions', 'RUN chmod']] },
  { name: 'chmod of a glob naming the volume itself', text: d(['FROM debian:12', 'VOLUME /srv/data', 'RUN chmod 0775 /srv/d*']), expect: [['permissions', 'RUN chmod']] },
  { name: 'near miss: a glob that cannot match the volume', text: d(['FROM debian:12', 'VOLUME /data/cache', 'RUN rm -f /data/*.log']), expect: [] },
  { name: 'near miss: dot glob', text: d(['FROM debian:12', 'VOLUME /srv/data', 'RUN chmod -R g+w /srv/.[a-z]*']), expect: [] },
  { name: 'near miss: unknown part beside a deeper volume', text: d(['FROM debian:12', 'ARG X', 'VOLUME /data/cache', 'RUN touch /data/$X']), expect: [] },
  { name: 'near miss: unknown part that may be empty', text: d(['FROM debian:12', 'ARG X', 'VOLUME /data', 'RUN mkdir -p /data/$X']), expect: [] },
  { name: 'near miss: unknown directory variable', text: d(['FROM debian:12', 'ARG LOG_DIR', 'VOLUME /data', 'RUN echo x > "$LOG_DIR/app.log"']), expect: [] },
  { name: 'COPY to an unknown subdirectory', text: d(['FROM debian:12', 'ARG VERSION', 'VOLUME /data', 'COPY app.jar /data/${VERSION}/']), expect: [['copy', 'COPY']] },
  { name: 'near miss: COPY elsewhere with an unknown part', text: d(['FROM debian:12', 'ARG VERSION', 'VOLUME /data', 'COPY app.jar /srv/${VERSION}/']), expect: [] },
  { name: 'near miss: a cache mount over the path', text: d(['FROM debian:12', 'VOLUME /data', 'RUN --mount=type=cache,target=/data/cache rm -rf /data/cache/*']), expect: [] },

  // ---- 2. commands and wrappers -------------------------------------------------------------------------
  { name: 'install -d with owner on the volume', text: d(['FROM debian:12', 'VOLUME /data', 'RUN install -d -o app -g app -m 0750 /data']), expect: [['permissions', 'RUN install']] },
  { name: 'near miss: install -d without owner or mode', text: d(['FROM debian:12', 'VOLUME /data', 'RUN install -d /data']), expect: [] },
  { name: 'mkdir -m of a new directory inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mkdir -m 700 /data/secrets']), expect: [['write', 'RUN mkdir']] },
  { name: 'near miss: mkdir -p -m of the volume itself', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mkdir -p -m 0755 /data']), expect: [] },
  { name: 'useradd -m with a home inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN useradd -m -d /data/home app']), expect: [['write', 'RUN useradd']] },
  { name: 'useradd -m with the default home', text: d(['FROM debian:12', 'VOLUME /home', 'RUN useradd -m app']), expect: [['write', 'RUN useradd']] },
  { name: 'near miss: useradd without -m', text: d(['FROM debian:12', 'VOLUME /home', 'RUN useradd -r app && useradd -M svc']), expect: [] },
  { name: 'busybox adduser makes the home', text: d(['FROM alpine:3.20', 'VOLUME /home', 'RUN adduser -D app']), expect: [['write', 'RUN adduser']] },
  { name: 'near miss: busybox adduser -H', text: d(['FROM alpine:3.20', 'VOLUME /home', 'RUN adduser -D -H app']), expect: [] },
  { name: 'mkfifo inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mkfifo /data/pipe']), expect: [['write', 'RUN mkfifo']] },
  { name: 'mknod inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mknod /data/null c 1 3']), expect: [['write', 'RUN mknod']] },
  { name: 'mktemp -p', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mktemp -p /data']), expect: [['write', 'RUN mktemp']] },
  { name: 'mktemp with a template path', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mktemp /data/tmp.XXXXXX']), expect: [['write', 'RUN mktemp']] },
  { name: 'mktemp --tmpdir=DIR', text: d(['FROM debian:12', 'VOLUME /data', 'RUN mktemp -d --tmpdir=/data build.XXXX']), expect: [['write', 'RUN mktemp']] },
  { name: 'near miss: plain mktemp', text: d(['FROM debian:12', 'VOLUME /data', 'RUN f=$(mktemp) && mktemp -d && echo "$f"']), expect: [] },
  { name: 'perl -pi', text: d(['FROM debian:12', 'VOLUME /data', "RUN perl -pi -e 's/a/b/' /data/app.conf"]), expect: [['write', 'RUN perl']] },
  { name: 'near miss: perl that only reads', text: d(['FROM debian:12', 'VOLUME /data', "RUN perl -ne 'print' /data/app.conf"]), expect: [] },
  { name: 'gunzip inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN gunzip /data/dump.sql.gz']), expect: [['write', 'RUN gunzip']] },
  { name: 'gzip -d inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN gzip -d /data/x.gz']), expect: [['write', 'RUN gzip']] },
  { name: 'near miss: gunzip to stdout', text: d(['FROM debian:12', 'VOLUME /data', 'RUN gunzip -c /data/x.gz > /tmp/x']), expect: [] },
  { name: 'bunzip2 inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN bunzip2 /data/x.bz2']), expect: [['write', 'RUN bunzip2']] },
  { name: 'xz -d and unxz inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN xz -d /data/x.xz', 'RUN unxz /data/y.xz']), expect: [['write', 'RUN xz'], ['write', 'RUN unxz']] },
  { name: 'zstd -d inside', text: d(['FROM debian:12', 'VOLUME /data', 'RUN zstd -d /data/x.zst']), expect: [['write', 'RUN zstd']] },
  { name: 'near miss: zstd -d to elsewhere', text: d(['FROM debian:12', 'VOLUME /data', 'RUN zstd -d /data/x.zst -o /tmp/x']), expect: [] },
  { name: '7z x -o', text: d(['FROM debian:12', 'VOLUME /data', 'RUN 7z x /tmp/a.7z -o/data']), expect: [['write', 'RUN 7z']] },
  { name: 'near miss: 7z l', text: d(['FROM debian:12', 'VOLUME /data', 'RUN 7z l /data/a.7z']), expect: [] },
  { name: 'cpio -D', text: d(['FROM debian:12', 'VOLUME /data', 'RUN cpio -idm -D /data < /tmp/a.cpio']), expect: [['write', 'RUN cpio']] },
  { name: 'git init DIR', text: d(['FROM debian:12', 'VOLUME /data', 'RUN git init /data/repo']), expect: [['write', 'RUN git']] },
  { name: 'git -C DIR pull', text: d(['FROM debian:12', 'VOLUME /data/repo', 'RUN git -C /data/repo pull']), expect: [['write', 'RUN git']] },
  { name: 'near miss: git -C DIR log', text: d(['FROM debian:12', 'VOLUME /data/repo', 'RUN git -C /data/repo log -1']), expect: [] },
  { name: 'python -m venv', text: d(['FROM python:3.12', 'VOLUME /data', 'RUN python3 -m venv /data/venv']), expect: [['write', 'RUN python3']] },
  { name: 'virtualenv', text: d(['FROM python:3.12', 'VOLUME /data', 'RUN virtualenv /data/env']), expect: [['write', 'RUN virtualenv']] },
  { name: 'initdb in the postgres volume', text: d(['FROM postgres:16', 'RUN initdb -D /var/lib/postgresql/data']), expect: [['inherited', 'RUN initdb']] },
  { name: 'initdb --pgdata= as postgres', text: d(['FROM postgres:16', 'RUN gosu postgres initdb --pgdata=/var/lib/postgresql/data']), expect: [['inherited', 'RUN gosu']] },
  { name: 'near miss: initdb elsewhere', text: d(['FROM postgres:16', 'RUN initdb -D /srv/pg']), expect: [] },
  { name: 'setpriv', text: d(['FROM debian:12', 'VOLUME /data', 'RUN setpriv --reuid=app --regid=app --init-groups touch /data/x']), expect: [['write', 'RUN setpriv']] },
  { name: 'flock FILE CMD', text: d(['FROM debian:12', 'VOLUME /data', 'RUN flock /tmp/lock touch /data/x']), expect: [['write', 'RUN flock']] },
  { name: 'flock FILE -c', text: d(['FROM debian:12', 'VOLUME /data', "RUN flock /tmp/lock -c 'echo x > /data/y'"]), expect: [['write', 'RUN flock']] },
  { name: 'ionice', text: d(['FROM debian:12', 'VOLUME /data', 'RUN ionice -c3 rm -rf /data/cache']), expect: [['write', 'RUN ionice']] },
  { name: 'chroot /', text: d(['FROM debian:12', 'VOLUME /data', 'RUN chroot / touch /data/x']), expect: [['write', 'RUN chroot']] },
  { name: 'near miss: chroot elsewhere', text: d(['FROM debian:12', 'VOLUME /data', 'RUN chroot /mnt touch /data/x']), expect: [] },
  { name: 'unshare', text: d(['FROM debian:12', 'VOLUME /data', 'RUN unshare -n touch /data/x']), expect: [['write', 'RUN unshare']] },
  { name: 's6-setuidgid', text: d(['FROM debian:12', 'VOLUME /data', 'RUN s6-setuidgid app touch /data/x']), expect: [['write', 'RUN s6-setuidgid']] },
  { name: 'chpst', text: d(['FROM debian:12', 'VOLUME /data', 'RUN chpst -u app touch /data/x']), expect: [['write', 'RUN chpst']] },
  { name: 'runuser -u', text: d(['FROM debian:12', 'VOLUME /data', 'RUN runuser -u app -- touch /data/x']), expect: [['write', 'RUN runuser']] },
  { name: 'eval', text: d(['FROM debian:12', 'VOLUME /data', 'RUN eval "touch /data/x"']), expect: [['write', 'RUN eval']] },
  { name: 'eval cd then a relative write', text: d(['FROM debian:12', 'VOLUME /data', 'RUN eval "cd /data" && touch x']), expect: [['write', 'RUN eval']] },
  { name: 'find | xargs chmod', text: d(['FROM debian:12', 'VOLUME /data', 'RUN find /data -type f -print0 | xargs -0 chmod 644']), expect: [['permissions', 'RUN find']] },
  { name: 'find -name | xargs rm', text: d(['FROM debian:12', 'VOLUME /data', "RUN find /data -name '*.tmp' -print0 | xargs -0 rm -f"]), expect: [['write', 'RUN find']] },
  { name: 'near miss: filtered find on a parent piped to rm', text: d(['FROM debian:12', 'VOLUME /opt/app/data', "RUN find /opt -name '*.pyc' | xargs rm -f"]), expect: [] },
  { name: 'cp -r into the parent lands on the volume', text: d(['FROM debian:12', 'VOLUME /data/conf', 'RUN cp -r conf /data/']), expect: [['write', 'RUN cp']] },
  { name: 'near miss: cp -r of a glob into the parent', text: d(['FROM debian:12', 'VOLUME /data/conf', 'RUN cp -r conf/* /data/']), expect: [] },
  { name: 'near miss: cp to a sibling', text: d(['FROM debian:12', 'VOLUME /data/conf', 'RUN cp conf /data/other']), expect: [] },

  // ---- 3. variables, stages, escape -----------------------------------------------------------------
  { name: 'ARG inherited from the parent stage', text: d(['FROM debian:12 AS base', 'ARG STATE_DIR=/var/lib/state', 'VOLUME /var/lib/state', 'FROM base', 'RUN touch ${STATE_DIR}/x']), expect: [['write', 'RUN touch']] },
  { name: 'ENV inherited from the parent stage', text: d(['FROM debian:12 AS base', 'ENV DATA=/data', 'VOLUME $DATA', 'FROM base', 'RUN touch $DATA/x']), expect: [['write', 'RUN touch']] },
  { name: 'default of a variable known unset (FROM scratch)', text: d(['FROM scratch', 'COPY --from=busybox:1.36 /bin /bin', 'VOLUME /data', 'RUN touch ${DATA_DIR:-/data}/x']), expect: [['write', 'RUN touch']] },
  { name: 'near miss: default of a variable an unknown image may set', text: d(['FROM registry.example.com/team/app:1', 'VOLUME /data', 'RUN touch ${DATA_DIR:-/data}/x']), expect: [] },
  { name: 'empty VOLUME from a global ARG not redeclared', text: d(['ARG DIR=/data', 'FROM debian:12', 'VOLUME $DIR']), expect: [['syntax', 'VOLUME']] },
  { name: 'near miss: global ARG redeclared', text: d(['ARG DIR=/data', 'FROM debian:12', 'ARG DIR', 'VOLUME $DIR']), expect: [] },
  { name: 'near miss: ARG without a value (a build arg may set it)', text: d(['FROM debian:12', 'ARG DIR', 'VOLUME $DIR']), expect: [] },
  { name: 'backtick escape on a Linux stage', text: d(['# escape=`', 'FROM debian:12', 'VOLUME /data', 'RUN mkdir -p /tmp/a && `', '    touch /data/x']), expect: [['write', '    touch']] },
  { name: 'a Windows stage leaves the Linux stage analysed', text: d(['FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS win', 'RUN echo hi', 'FROM debian:12', 'VOLUME /data', 'RUN touch /data/x']), expect: [['write', 'RUN touch']] },
  { name: 'an image name containing windows', text: d(['ARG TARGETARCH', 'FROM containerutil-windows-${TARGETARCH} AS cu', 'FROM debian:12', 'VOLUME /data', 'RUN touch /data/x']), expect: [['write', 'RUN touch']] },
  { name: 'near miss: the Windows stage itself', text: d(['FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'VOLUME C:\\data', 'RUN echo x > C:\\data\\x']), expect: [] },

  // ---- 4. permissions already right, or still wrong ---------------------------------------------------
  { name: 'near miss: Jenkins, the volume chowned to the same user by uid', text: d(['FROM debian:12', 'ARG uid=1000', 'ARG gid=1000', 'ENV JENKINS_HOME=/var/jenkins_home', 'RUN mkdir -p $JENKINS_HOME && chown ${uid}:${gid} $JENKINS_HOME && groupadd -g ${gid} jenkins && useradd -d "$JENKINS_HOME" -u ${uid} -g ${gid} -m -s /bin/bash jenkins', 'VOLUME $JENKINS_HOME', 'RUN chown -R jenkins "$JENKINS_HOME"']), expect: [] },
  { name: 'near miss: same owner before and after', text: d(['FROM debian:12', 'RUN mkdir /data && chown app:app /data', 'VOLUME /data', 'RUN chown -R app:app /data']), expect: [] },
  { name: 'reverse: root before, app on the parent after', text: d(['FROM debian:12', 'RUN mkdir -p /srv/app/data && chown root:root /srv/app/data', 'VOLUME /srv/app/data', 'RUN chown -R app:app /srv/app']), expect: [['permissions', 'RUN chown -R']] },
  { name: 'another owner on the volume itself', text: d(['FROM debian:12', 'RUN mkdir /data && chown app /data', 'VOLUME /data', 'RUN chown -R www-data /data']), expect: [['permissions', 'RUN chown -R']] },
  { name: 'find -name -delete', text: d(['FROM debian:12', 'VOLUME /data', "RUN find /data -name '*.tmp' -delete"]), expect: [['write', 'RUN find']] },
];
