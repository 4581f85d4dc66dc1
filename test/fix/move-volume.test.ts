import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import { ALL_FIXES, lintAndFix, SAFE_FIXES } from '../../src/fix/apply.js';
import { applyFix } from '../../src/engine/normalize-fixes.js';
import { moveInstructionFix } from '../../src/fix/move-volume.js';
import { buildModel } from '../../src/model/build.js';

/** Moves the first VOLUME to after the instruction whose text starts with `afterPrefix`, and applies the edit. */
function move(text: string, afterPrefix: string): string {
  const model = buildModel(text);
  const volume = model.instructions.find((i) => i.keyword === 'VOLUME');
  const after = model.instructions.find((i) => text.slice(i.range.start).startsWith(afterPrefix));
  if (!volume || !after) throw new Error('fixture lacks the instructions');
  const edits = moveInstructionFix(model, volume, after);
  if (!edits) throw new Error('no move');
  return applyFix(text, { applicability: 'safe', edits });
}

describe('moveInstructionFix', () => {
  it('moves the VOLUME line to the line after the target', () => {
    expect(move('FROM a\nVOLUME /d\nRUN x\nRUN y\nCMD z\n', 'RUN y')).toBe('FROM a\nRUN x\nRUN y\nVOLUME /d\nCMD z\n');
  });

  it('takes the comment lines directly above along, not those a blank line away', () => {
    const text = 'FROM a\n# far\n\n  # near 1\n# near 2\nVOLUME /d\nRUN x\n';
    expect(move(text, 'RUN x')).toBe('FROM a\n# far\n\nRUN x\n  # near 1\n# near 2\nVOLUME /d\n');
  });

  it('keeps a continued VOLUME, its trailing whitespace and CRLF line endings as they are', () => {
    const text = 'FROM a\r\nVOLUME /d \\\r\n  /e  \r\nRUN x \\\r\n  y\r\n\r\nCMD z';
    expect(move(text, 'RUN x')).toBe('FROM a\r\nRUN x \\\r\n  y\r\nVOLUME /d \\\r\n  /e  \r\n\r\nCMD z');
  });

  it('keeps a missing final newline missing, using the line ending of the moved text', () => {
    expect(move('FROM a\r\nVOLUME /d\r\nRUN x', 'RUN x')).toBe('FROM a\r\nRUN x\r\nVOLUME /d');
  });

  it('moves past the end of a heredoc, not into it', () => {
    const text = 'FROM a\nVOLUME /d\nRUN <<EOF\necho > /d/x\nEOF\nCMD z\n';
    expect(move(text, 'RUN <<EOF')).toBe('FROM a\nRUN <<EOF\necho > /d/x\nEOF\nVOLUME /d\nCMD z\n');
  });

  it('refuses to move after an instruction that ends in a line continuation', () => {
    for (const text of ['FROM a\nVOLUME /d\nRUN x \\', 'FROM a\nVOLUME /d\nRUN x \\\n']) {
      const model = buildModel(text);
      const [, volume, run] = model.instructions;
      if (!volume || !run) throw new Error('fixture lacks the instructions');
      expect(moveInstructionFix(model, volume, run)).toBeUndefined();
    }
  });

  it('refuses to move an instruction backwards', () => {
    const model = buildModel('FROM a\nRUN x\nVOLUME /d\n');
    const [, run, volume] = model.instructions;
    if (!run || !volume) throw new Error('fixture lacks the instructions');
    expect(moveInstructionFix(model, volume, run)).toBeUndefined();
  });
});

describe('the move fix keeps the directory the VOLUME created', () => {
  const fixed = async (text: string, unsafe = false): Promise<string> =>
    (await lintAndFix(text, { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules }, () => true, unsafe ? ALL_FIXES : SAFE_FIXES)).output ?? text;

  /** `--fix` leaves each text alone; `--unsafe-fixes` moves the VOLUME and leaves nothing that `left` matches. */
  const expectOnlyUnsafe = async (texts: readonly string[], left: RegExp): Promise<void> => {
    for (const text of texts) {
      expect(await fixed(text), text).toBe(text);
      const moved = await fixed(text, true);
      expect(moved, text).not.toBe(text);
      expect(moved, text).not.toMatch(left);
    }
  };

  it('leaves RUN mkdir -p where the VOLUME stood (the seed example)', async () => {
    expect(await fixed('FROM debian\nVOLUME /data\nRUN touch /data/x\n')).toBe('FROM debian\nRUN mkdir -p /data\nRUN touch /data/x\nVOLUME /data\n');
  });

  it('creates the directory as root under a USER of the file, and restores that USER', async () => {
    expect(await fixed('FROM debian\nUSER app\nVOLUME /d\nUSER root\nRUN touch /d/x\n')).toBe(
      'FROM debian\nUSER app\nUSER 0:0\nRUN mkdir -p /d\nUSER app\nUSER root\nRUN touch /d/x\nVOLUME /d\n',
    );
  });

  it('needs no mkdir when the directory exists already or a plain COPY creates it first', async () => {
    expect(await fixed('FROM debian\nRUN mkdir -p /d/sub\nVOLUME /d\nRUN touch /d/x\n')).toBe('FROM debian\nRUN mkdir -p /d/sub\nRUN touch /d/x\nVOLUME /d\n');
    expect(await fixed('FROM debian\nWORKDIR /d\nVOLUME /d\nRUN touch /d/x\n')).toBe('FROM debian\nWORKDIR /d\nRUN touch /d/x\nVOLUME /d\n');
    expect(await fixed('FROM debian\nVOLUME /d\nCOPY x /d/\nRUN touch /d/y\n')).toBe('FROM debian\nCOPY x /d/\nRUN touch /d/y\nVOLUME /d\n');
  });

  it('quotes a path the shell would split', async () => {
    expect(await fixed('FROM debian\nVOLUME ["/my data"]\nRUN touch "/my data/x"\n')).toBe(
      'FROM debian\nRUN mkdir -p \'/my data\'\nRUN touch "/my data/x"\nVOLUME ["/my data"]\n',
    );
  });

  it('makes the directory with a WORKDIR pair when no shell is proven (exec-form RUN only)', async () => {
    expect(await fixed('FROM debian:12\nVOLUME /data\nRUN ["touch", "/data/x"]\n')).toBe(
      'FROM debian:12\nWORKDIR /data\nWORKDIR /\nRUN ["touch", "/data/x"]\nVOLUME /data\n',
    );
    // FROM scratch: the moved COPY --chown would otherwise create /d owned by 1, not root as the VOLUME made it.
    expect(await fixed('FROM scratch\nVOLUME /d /e\nCOPY --chown=1:1 x /d/\n')).toBe('FROM scratch\nWORKDIR /d\nWORKDIR /e\nWORKDIR /\nCOPY --chown=1:1 x /d/\nVOLUME /d /e\n');
  });

  it('hands back the working directory before, and works as root under another USER', async () => {
    expect(await fixed('FROM debian:12\nWORKDIR /srv\nWORKDIR app\nUSER 1000:1000\nVOLUME /data\nRUN ["ls", "/data"]\nCOPY --chown=1000 x /data/\n')).toBe(
      'FROM debian:12\nWORKDIR /srv\nWORKDIR app\nUSER 1000:1000\nUSER 0:0\nWORKDIR /data\nWORKDIR /srv/app\nUSER 1000:1000\nRUN ["ls", "/data"]\nCOPY --chown=1000 x /data/\nVOLUME /data\n',
    );
    // A USER root by name is handed back too (BuildKit would look the name up to create the WORKDIR); root by default is not.
    expect(await fixed('FROM scratch\nUSER root\nVOLUME /d\nCOPY --chown=1:1 x /d/\n')).toBe(
      'FROM scratch\nUSER root\nUSER 0:0\nWORKDIR /d\nWORKDIR /\nUSER root\nCOPY --chown=1:1 x /d/\nVOLUME /d\n',
    );
    // Across stages: the working directory and USER a stage inherits from the one it is built from.
    expect(await fixed('FROM scratch AS a\nWORKDIR /w\nUSER 7\nFROM a\nVOLUME /d\nCOPY --chown=1:1 x /d/\n')).toBe(
      'FROM scratch AS a\nWORKDIR /w\nUSER 7\nFROM a\nUSER 0:0\nWORKDIR /d\nWORKDIR /w\nUSER 7\nCOPY --chown=1:1 x /d/\nVOLUME /d\n',
    );
  });

  it('keeps RUN mkdir -p when a shell-form RUN proves a shell, even with exec-form RUNs after the VOLUME', async () => {
    expect(await fixed('FROM debian:12\nRUN true\nVOLUME /data\nRUN ["touch", "/data/x"]\n')).toBe(
      'FROM debian:12\nRUN true\nRUN mkdir -p /data\nRUN ["touch", "/data/x"]\nVOLUME /data\n',
    );
  });

  it('is unsafe, and only moves the VOLUME, when neither a shell nor the WORKDIR and USER before are known for sure', async () => {
    const unsafeOnly = [
      // An ARG's default may be overridden at build time: the working directory before is not known for sure.
      'FROM debian:12\nARG W=/w\nWORKDIR $W\nVOLUME /d\nRUN ["touch", "/d/x"]\n',
      'FROM debian:12\nARG U=1000\nUSER $U\nVOLUME /d\nCOPY --chown=1 x /d/\n',
      // An image volint has no facts about: its WORKDIR and USER are unknown.
      'FROM example.com/unknown:1\nVOLUME /d\nRUN ["touch", "/d/x"]\n',
      // The model does not apply an earlier stage's ONBUILD triggers.
      'FROM scratch AS a\nONBUILD WORKDIR /o\nFROM a\nVOLUME /d\nCOPY --chown=1:1 x /d/\n',
      // A path WORKDIR would have to unquote.
      'FROM debian:12\nVOLUME ["/my data"]\nRUN ["touch", "/my data/x"]\n',
    ];
    await expectOnlyUnsafe(unsafeOnly, /^WORKDIR \/d$/m);
  });

  it('is unsafe with RUN mkdir -p too when the USER in effect is not known for sure', async () => {
    const unsafeOnly = [
      // An image volint has no facts about, and no USER in the file: it may run as a user that cannot create /data.
      'FROM some/private-image\nVOLUME /data\nRUN touch /data/x\n',
      // A tag the facts do not map gives the nearest tag's volumes, not its USER.
      'FROM debian:10.13\nVOLUME /data\nRUN touch /data/x\n',
      // An ARG's default may be overridden at build time.
      'FROM debian:12\nARG U=1000\nUSER $U\nVOLUME /d\nRUN touch /d/x\n',
      // The image itself may be another one at build time.
      'ARG BASE=debian:12\nFROM $BASE\nVOLUME /d\nRUN touch /d/x\n',
      'FROM debian:12 AS a\nONBUILD USER 1000\nFROM a\nVOLUME /d\nRUN touch /d/x\n',
    ];
    await expectOnlyUnsafe(unsafeOnly, /mkdir -p \/d|USER 0:0/);
  });

  it('knows the USER from a literal USER line, an ENV without variables or the base image facts', async () => {
    expect(await fixed('FROM some/private-image\nUSER 1001\nVOLUME /data\nRUN touch /data/x\n')).toBe(
      'FROM some/private-image\nUSER 1001\nUSER 0:0\nRUN mkdir -p /data\nUSER 1001\nRUN touch /data/x\nVOLUME /data\n',
    );
    expect(await fixed('ARG BASE=debian:12\nFROM $BASE\nUSER 0\nVOLUME /d\nRUN touch /d/x\n')).toBe(
      'ARG BASE=debian:12\nFROM $BASE\nUSER 0\nRUN mkdir -p /d\nRUN touch /d/x\nVOLUME /d\n',
    );
    expect(await fixed('FROM debian:12\nENV U=1000\nUSER $U\nVOLUME /d\nRUN touch /d/x\n')).toBe(
      'FROM debian:12\nENV U=1000\nUSER $U\nUSER 0:0\nRUN mkdir -p /d\nUSER 1000\nRUN touch /d/x\nVOLUME /d\n',
    );
    // bitnami/redis:7.4 runs as 1001 (shipped facts).
    expect(await fixed('FROM bitnami/redis:7.4\nVOLUME /data\nRUN touch /data/x\n')).toBe(
      'FROM bitnami/redis:7.4\nUSER 0:0\nRUN mkdir -p /data\nUSER 1001\nRUN touch /data/x\nVOLUME /data\n',
    );
  });

  it('lets the shell or the builder expand a path that uses an ARG, as the VOLUME did', async () => {
    // `--build-arg D=/other` makes VOLUME $D create /other: so does the fix.
    expect(await fixed('FROM debian:12\nARG D=/data\nVOLUME $D\nRUN touch $D/x\n')).toBe('FROM debian:12\nARG D=/data\nRUN mkdir -p "$D"\nRUN touch $D/x\nVOLUME $D\n');
    expect(await fixed('FROM debian:12\nARG D=\nVOLUME ["${D:-/srv}/data", "/e"]\nRUN touch /srv/data/x /e/y\n')).toBe(
      'FROM debian:12\nARG D=\nRUN mkdir -p "${D:-/srv}/data" /e\nRUN touch /srv/data/x /e/y\nVOLUME ["${D:-/srv}/data", "/e"]\n',
    );
    expect(await fixed('FROM debian:12\nARG D=/data\nVOLUME "${D}"\nRUN touch /data/x\n')).toBe('FROM debian:12\nARG D=/data\nRUN mkdir -p "${D}"\nRUN touch /data/x\nVOLUME "${D}"\n');
    // An ENV from an ARG may change too; one without variables may not, so its path is written as it is.
    expect(await fixed('FROM debian:12\nARG X=/data\nENV D=$X\nVOLUME $D\nRUN touch /data/x\n')).toBe(
      'FROM debian:12\nARG X=/data\nENV D=$X\nRUN mkdir -p "$D"\nRUN touch /data/x\nVOLUME $D\n',
    );
    expect(await fixed('FROM debian:12\nENV D=/data\nVOLUME $D\nRUN touch /data/x\n')).toBe('FROM debian:12\nENV D=/data\nRUN mkdir -p /data\nRUN touch /data/x\nVOLUME $D\n');
    // A directory made before from the default path is not proof for another value: mkdir -p all the same.
    expect(await fixed('FROM debian:12\nARG D=/data\nRUN mkdir -p /data\nVOLUME $D\nRUN touch /data/x\n')).toBe(
      'FROM debian:12\nARG D=/data\nRUN mkdir -p /data\nRUN mkdir -p "$D"\nRUN touch /data/x\nVOLUME $D\n',
    );
    // Without a shell, WORKDIR expands the word as VOLUME did.
    expect(await fixed('FROM debian:12\nARG D=/data\nVOLUME ["${D}"]\nRUN ["touch", "/data/x"]\n')).toBe(
      'FROM debian:12\nARG D=/data\nWORKDIR ${D}\nWORKDIR /\nRUN ["touch", "/data/x"]\nVOLUME ["${D}"]\n',
    );
  });

  it('is unsafe when a path that uses an ARG cannot be written to expand the same way', async () => {
    const unsafeOnly = [
      // The shell sets HOME and PWD itself; the builder reads the ARG.
      'FROM debian:12\nARG HOME=/h\nVOLUME $HOME/d\nRUN touch /h/d/x\n',
      // Quotes inside the word, a variable inside an operator's word.
      "FROM debian:12\nARG D=/d\nVOLUME ${D}'x'\nRUN touch /dx/y\n",
      'FROM debian:12\nENV E=/e\nARG D=/d\nVOLUME ["${D:-$E}"]\nRUN touch /d/y\n',
    ];
    await expectOnlyUnsafe(unsafeOnly, /mkdir -p|WORKDIR/);
  });

  it('shares one fix between the findings of one move', async () => {
    const result = await lintText('FROM debian\nVOLUME /d\nRUN touch /d/a /d/b && chown 1 /d\n', { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules });
    const fixes = new Set(result.messages.map((m) => m.fix));
    expect(result.messages.length).toBe(3);
    expect(fixes.size).toBe(1);
  });
});
