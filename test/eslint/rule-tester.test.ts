import { RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import volint from '../../src/eslint/index.js';
import { UNSAFE_FIX_DESC } from '../../src/eslint/rules.js';
import { rules } from '../../rules/index.js';
import { rulesReading } from '../../src/rule-api/types.js';

// ESLint's own RuleTester, run by vitest.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ plugins: { volint }, language: 'volint/dockerfile' });
const rule = (id: string) => {
  const found = volint.rules[id];
  if (!found) throw new Error(`volint/eslint has no rule ${id}`);
  return found as unknown as Parameters<RuleTester['run']>[1];
};

const MYSQL_IMAGES = ['mariadb', 'mysql', 'percona:8.0'];

describe('volint/eslint rules', () => {
  it('has an ESLint rule for every Dockerfile rule of the registry, and unused-ignore; none for Compose or script rules', () => {
    const dockerfile = rulesReading(rules, 'dockerfile').map((r) => r.meta.id);
    expect(Object.keys(volint.rules).sort()).toEqual([...dockerfile, 'unused-ignore'].sort());
    expect(rules.length).toBeGreaterThan(dockerfile.length);
    for (const r of Object.values(volint.rules)) expect(r.meta?.languages).toEqual(['volint/dockerfile']);
  });
});

tester.run('volume-write-after-declare', rule('volume-write-after-declare'), {
  valid: [
    'FROM debian:12\nRUN mkdir -p /data/cache\nVOLUME /data\n',
    'FROM debian:12\nVOLUME /data\nRUN mkdir -p /srv/cache\n',
    // volint's own ignore comment covers the whole instruction.
    'FROM debian:12\nVOLUME /data\n# volint ignore=volume-write-after-declare\nRUN mkdir -p /data/cache && \\\n    touch /data/x\n',
    // An unknown ARG value: never guessed into a finding.
    'FROM debian:12\nARG DIR\nVOLUME /data\nRUN touch $DIR/x\n',
  ],
  invalid: [
    {
      // The move keeps the directory the VOLUME created (fix-safety): `RUN mkdir -p /data` where the VOLUME was.
      code: 'FROM debian:12\nVOLUME /data\nRUN mkdir -p /data/cache\nCMD ["app"]\n',
      output: 'FROM debian:12\nRUN mkdir -p /data\nRUN mkdir -p /data/cache\nVOLUME /data\nCMD ["app"]\n',
      errors: [{ messageId: 'change', line: 3, column: 5, endLine: 3, endColumn: 25 }],
    },
    {
      code: 'FROM debian:12\nARG DIR\nVOLUME /data\nRUN touch $DIR/x\n',
      languageOptions: { buildArgs: { DIR: '/data' } },
      output: 'FROM debian:12\nARG DIR\nRUN mkdir -p /data\nRUN touch $DIR/x\nVOLUME /data\n',
      errors: [{ messageId: 'change', line: 4, column: 5 }],
    },
    {
      // The related location (the VOLUME word) is in the message, as ESLint has no related locations.
      code: 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n',
      languageOptions: { builder: 'buildkit' },
      output: 'FROM debian:12\nRUN mkdir -p /data\nRUN touch /data/x\nVOLUME /data\n',
      errors: [{ message: /BuildKit keeps it.*\(2:8: VOLUME \/data is declared here\.\)$/ }],
    },
    {
      // A deletion has its own message id: conformance counts it lost only where there was something to delete.
      code: 'FROM debian:12\nVOLUME /data\nRUN rm -rf /data/cache\n',
      output: 'FROM debian:12\nRUN mkdir -p /data\nRUN rm -rf /data/cache\nVOLUME /data\n',
      errors: [{ messageId: 'delete', line: 3, column: 5, endLine: 3, endColumn: 23 }],
    },
  ],
});

tester.run('volume-permissions-after-declare', rule('volume-permissions-after-declare'), {
  valid: ['FROM debian:12\nRUN mkdir /data && chown app:app /data\nVOLUME /data\n', 'FROM debian:12\nVOLUME /data/db\nRUN chown app /data\n'],
  invalid: [
    {
      code: 'FROM debian:12\nVOLUME /data\nRUN chown app:app /data\n',
      output: 'FROM debian:12\nRUN mkdir -p /data\nRUN chown app:app /data\nVOLUME /data\n',
      errors: [{ messageId: 'permission', line: 3, column: 5, endLine: 3, endColumn: 24 }],
    },
  ],
});

tester.run('volume-copy-after-declare', rule('volume-copy-after-declare'), {
  valid: ['FROM debian:12\nCOPY site /srv/site\nVOLUME /srv\n', 'FROM debian:12\nVOLUME /srv\nCOPY app /opt/app\n'],
  invalid: [
    {
      code: 'FROM debian:12\nVOLUME /srv\nCOPY site /srv/site\n',
      output: 'FROM debian:12\nCOPY site /srv/site\nVOLUME /srv\n',
      errors: [{ messageId: 'own', line: 3, column: 11, endLine: 3, endColumn: 20 }],
    },
    {
      // An unsafe fix (here: nothing proves /srv exists without the VOLUME, no shell is proven to create it, and the
      // unknown image's WORKDIR and USER are unknown, so no WORKDIR pair either) is what `volint --fix` leaves alone:
      // ESLint offers it as a suggestion, never applies it with --fix.
      code: 'FROM registry.example/app:1\nVOLUME /data /srv\nCOPY app /data/app\n',
      output: null,
      errors: [
        {
          messageId: 'own',
          line: 3,
          suggestions: [{ desc: UNSAFE_FIX_DESC, output: 'FROM registry.example/app:1\nCOPY app /data/app\nVOLUME /data /srv\n' }],
        },
      ],
    },
    {
      // Moving a VOLUME out of an ancestor stage changes the stages built from it: a suggestion, not a fix.
      code: 'FROM debian:12 AS base\nVOLUME /srv\nFROM base\nCOPY site /srv/site\n',
      output: null,
      errors: [
        {
          messageId: 'own',
          line: 4,
          suggestions: [
            {
              desc: "Move this VOLUME instruction out of stage 'base' to after line 4; stages built from stage 'base' will no longer declare it.",
              output: 'FROM debian:12 AS base\nFROM base\nCOPY site /srv/site\nVOLUME /srv\n',
            },
          ],
        },
      ],
    },
  ],
});

tester.run('volume-inherited-write', rule('volume-inherited-write'), {
  valid: ['FROM postgres:16\nRUN touch /tmp/x\n', 'FROM myorg/db\nRUN touch /srv/db/x\n'],
  invalid: [
    {
      code: 'FROM postgres:16\nRUN touch /var/lib/postgresql/data/x\n',
      errors: [{ messageId: 'change', line: 2, column: 5, endLine: 2, endColumn: 37 }],
    },
    {
      // Base-image facts from the language options, as from a config file's baseImageVolumes.
      code: 'FROM myorg/db\nRUN touch /srv/db/x\n',
      languageOptions: { baseImageVolumes: { 'myorg/db': ['/srv/db'] } },
      errors: [{ line: 2, message: /in myorg\/db.s VOLUME.*The base image myorg\/db declares VOLUME \/srv\/db \(ESLint languageOptions\)/ }],
    },
  ],
});

tester.run('volume-host-path', rule('volume-host-path'), {
  valid: ['FROM debian:12\nVOLUME /data\n', 'FROM debian:12\nVOLUME ["/a", "/b"]\n'],
  invalid: [
    {
      code: 'FROM debian:12\nVOLUME ./data\nVOLUME /srv/data:/data\n',
      errors: [
        { messageId: 'dot', line: 2, column: 8, endLine: 2, endColumn: 14, suggestions: [] },
        {
          messageId: 'pair',
          line: 3,
          column: 8,
          suggestions: [{ desc: 'Keep only the container path /data', output: 'FROM debian:12\nVOLUME ./data\nVOLUME /data\n' }],
        },
      ],
    },
  ],
});

tester.run('volume-syntax', rule('volume-syntax'), {
  valid: ['FROM debian:12\nVOLUME ["/data"]\nVOLUME /a /b\n'],
  invalid: [
    {
      code: "FROM debian:12\nVOLUME ['/data']\nVOLUME /a,/b\n",
      output: 'FROM debian:12\nVOLUME ["/data"]\nVOLUME /a /b\n',
      errors: [
        { messageId: 'singleQuotes', line: 2, column: 8, endLine: 2, endColumn: 17 },
        { messageId: 'comma', line: 3, column: 8, endLine: 3, endColumn: 13 },
      ],
    },
  ],
});

tester.run('data-container-minimal-image', rule('data-container-minimal-image'), {
  valid: ['FROM mysql\nVOLUME /var/lib/mysql\nCMD ["true"]\n', 'FROM busybox\nCMD ["sh"]\n'],
  invalid: [
    {
      code: 'FROM busybox\nVOLUME /var/lib/mysql\nCMD ["true"]\n',
      errors: [
        {
          messageId: 'minimal',
          line: 1,
          column: 6,
          endColumn: 13,
          suggestions: MYSQL_IMAGES.map((image) => ({
            desc: `Build FROM ${image}, the service image that declares the same volume`,
            output: `FROM ${image}\nVOLUME /var/lib/mysql\nCMD ["true"]\n`,
          })),
        },
      ],
    },
  ],
});

tester.run('data-container-long-running', rule('data-container-long-running'), {
  valid: ['FROM debian:12-slim\nRUN mkdir -p /var/lib/mysql\nVOLUME /var/lib/mysql\nCMD ["true"]\n'],
  invalid: [
    {
      code: 'FROM debian:12-slim\nRUN mkdir -p /var/lib/mysql\nVOLUME /var/lib/mysql\nCMD ["tail", "-f", "/dev/null"]\n',
      errors: [
        {
          messageId: 'idle',
          line: 4,
          column: 6,
          endColumn: 31,
          suggestions: MYSQL_IMAGES.map((image) => ({
            desc: `Build FROM ${image}, the service image that declares the same volume`,
            output: `FROM ${image}\nRUN mkdir -p /var/lib/mysql\nVOLUME /var/lib/mysql\nCMD ["tail", "-f", "/dev/null"]\n`,
          })),
        },
      ],
    },
  ],
});

tester.run('unused-ignore', rule('unused-ignore'), {
  valid: ['FROM debian:12\nVOLUME /data\n', 'FROM debian:12\n# volint is not an ignore comment\nVOLUME /data\n'],
  invalid: [
    {
      // Under RuleTester no other rule runs, so every ignore of a real rule is unused too.
      code: 'FROM debian:12\n# volint ignore=volume-syntax\nVOLUME /data\n# volint ignore=no-such-rule\nRUN true\n',
      errors: [
        { messageId: 'unused', line: 2, column: 17, endLine: 2, endColumn: 30 },
        { messageId: 'unknown', line: 4, column: 17, endLine: 4, endColumn: 29 },
      ],
    },
  ],
});
