import { describeReach, effectReach, runVolumeHits } from '../src/analysis/volume-effects.js';
import { declaredLine, runsAs, scriptRelated, viaText, volumeNamed, volumeRelated } from '../src/analysis/volume-location.js';
import type { DockerfileRule, DockerfileContext } from '../src/rule-api/types.js';
import { reaches } from '../src/model/path-pattern.js';
import type { InstructionModel, StageModel } from '../src/model/types.js';
import type { FileEffect } from '../src/shell/types.js';
import { volumeMoveRepair } from '../src/fix/move-volume.js';
import { BUILDER_FACTS, ruleDocUrl, runChangeConsequence, severityWhereDiscarded } from '../src/model/builders.js';
import type { EffectKind } from '../src/shell/types.js';
import { clip } from '../src/text/clip.js';

const KINDS: ReadonlySet<EffectKind> = new Set(['permission']);
const ATTRIBUTES: Record<string, string> = { chown: 'owner', chgrp: 'group', chmod: 'mode', setfacl: 'ACL', setcap: 'capabilities' };

export const volumePermissionsAfterDeclare: DockerfileRule = {
  meta: {
    id: 'volume-permissions-after-declare',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['declared-volume', 'run-effects'],
    docs: {
      description: 'A RUN changes owner, group, mode, ACL or capabilities under a VOLUME declared earlier in this Dockerfile.',
      url: ruleDocUrl('volume-permissions-after-declare'),
    },
    defaultSeverity: severityWhereDiscarded((f) => f.runPermission),
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      permission:
        '`{{command}}`{{via}} sets the {{attribute}} of {{target}} after {{volume}} (line {{line}}): {{consequence}}{{service}}; do it before the VOLUME.',
    },
  },
  check(context) {
    const consequence = runChangeConsequence(context.settings.builder, 'permission');
    const discarded = BUILDER_FACTS[context.settings.builder].runPermission === 'discarded';
    for (const { effect, volume, instruction } of runVolumeHits(context, KINDS, new Set(['stage', 'ancestor']))) {
      const declaredAt = volume.declaredAt;
      if (!declaredAt || volume.path === undefined) continue;
      if (alreadySet(context, declaredAt, volume.path, effect, instruction)) continue;
      const line = declaredLine(context.model, volume);
      context.report({
        messageId: 'permission',
        data: {
          command: clip(effect.command),
          via: viaText(effect),
          attribute: ATTRIBUTES[effect.command] ?? 'permissions',
          target: describeReach(effect, volume.path),
          volume: volumeNamed(effect.path, volume.path),
          line,
          consequence,
          service: discarded ? serviceUser(instruction.stage) : '',
        },
        range: effect.range,
        instruction,
        related: [...scriptRelated(effect), ...volumeRelated(volume)],
        ...volumeMoveRepair(context, volume, instruction),
      });
    }
  },
};

/**
 * Who meets the old owner at run time, when the builder drops the change: the USER the image ends with, when the model
 * knows it and it is not root (the rule doc tells the rest).
 */
function serviceUser(stage: StageModel | undefined): string {
  const user = stage ? runsAs(stage) : undefined;
  return user === undefined || user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:')
    ? ''
    : `, so USER ${clip(user)} meets the old owner`;
}

/**
 * True when the same command already gave the volume this owner, group or mode before its VOLUME line, in the same
 * stage: the later change is lost on the discarding builders, but the volume comes up as intended. That is the
 * official images' pattern, whether the later change names the volume (Jenkins: `chown 1000:1000 $JENKINS_HOME`, then
 * `chown -R jenkins "$JENKINS_HOME"`) or a parent (`chown -R app /app` over `VOLUME /app/uploads`). An earlier change
 * to another owner or mode, or one that cannot be compared, excuses nothing.
 */
function alreadySet(context: DockerfileContext, declaredAt: InstructionModel, volume: string, later: FileEffect, at: InstructionModel): boolean {
  const stage = declaredAt.stage;
  if (!stage || later.setting === undefined) return false;
  const earlier: FileEffect[] = [];
  for (const instr of stage.instructions) {
    if (instr.range.start >= declaredAt.range.start) break;
    if (instr.keyword !== 'RUN' || instr.shell !== 'posix') continue;
    for (const effect of context.runEffects(instr).effects) {
      if (effect.kind === 'permission' && effect.command === later.command && reaches(effect.path, volume, effectReach(effect)) === 'yes') earlier.push(effect);
    }
  }
  if (earlier.length === 0) return false;
  const ids = accountIds(context, at);
  return earlier.some((effect) => sameSetting(later.command, effect.setting, later.setting, ids));
}

interface Ids {
  user: ReadonlyMap<string, string>;
  group: ReadonlyMap<string, string>;
}

/** The numeric ids of the users and groups that the RUNs up to `at` (included) create. */
function accountIds(context: DockerfileContext, at: InstructionModel): Ids {
  const user = new Map<string, string>();
  const group = new Map<string, string>();
  for (const instr of context.model.instructions) {
    if (instr.range.start > at.range.start) break;
    if (instr.keyword !== 'RUN' || instr.shell !== 'posix') continue;
    for (const account of context.runEffects(instr).accounts) (account.kind === 'user' ? user : group).set(account.name, account.id);
  }
  return { user, group };
}

/** Does `earlier` leave the owner, group or mode that `later` sets? */
function sameSetting(command: string, earlier: string | undefined, later: string | undefined, ids: Ids): boolean {
  if (earlier === undefined || later === undefined) return false;
  const id = (kind: keyof Ids, name: string): string => (/^\d+$/.test(name) ? name : (ids[kind].get(name) ?? name));
  switch (command) {
    case 'chmod': {
      const mode = (m: string): string => (/^[0-7]+$/.test(m) ? m.replace(/^0+(?=.)/, '') : m);
      return mode(earlier) === mode(later);
    }
    case 'chgrp':
      return id('group', earlier) === id('group', later);
    case 'chown': {
      const before = ownerSpec(earlier);
      const after = ownerSpec(later);
      // `user:` means the user's login group, not known here.
      if (after.group === '' || before.group === '') return earlier === later;
      const userSame = after.user === undefined || (before.user !== undefined && id('user', before.user) === id('user', after.user));
      const groupSame = after.group === undefined || (before.group !== undefined && id('group', before.group) === id('group', after.group));
      return userSame && groupSame;
    }
    default:
      return false;
  }
}

/** `user`, `user:group`, `:group`, `user:`: an empty user part leaves the user as it is. */
function ownerSpec(spec: string): { user: string | undefined; group: string | undefined } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { user: spec, group: undefined };
  const user = spec.slice(0, colon);
  return { user: user === '' ? undefined : user, group: spec.slice(colon + 1) };
}
