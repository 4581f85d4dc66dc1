import type { BuilderProfile } from './types.js';

/**
 * What each builder does with changes under a VOLUME path made after the VOLUME instruction
 * (docs/volume-semantics.md section 1). `portable` stands for "any common builder": it discards whatever one
 * of them discards.
 */
export interface BuilderFacts {
  /** A RUN that writes, creates or deletes under the volume. */
  runWrite: 'discarded' | 'kept';
  /** A RUN that changes owner or mode of the volume or inside it. */
  runPermission: 'discarded' | 'kept';
}

export const BUILDER_FACTS: Readonly<Record<BuilderProfile, BuilderFacts>> = {
  portable: { runWrite: 'discarded', runPermission: 'discarded' },
  buildkit: { runWrite: 'kept', runPermission: 'kept' },
  classic: { runWrite: 'discarded', runPermission: 'discarded' },
  buildah: { runWrite: 'kept', runPermission: 'kept' },
  'buildah-compat': { runWrite: 'discarded', runPermission: 'discarded' },
  // kaniko puts volume paths on its snapshot ignore list: files inside are dropped; a chmod/chown of the mount point
  // itself may survive, but volint cannot tell which, so it stays an error.
  kaniko: { runWrite: 'discarded', runPermission: 'discarded' },
};

/**
 * What a finding says one builder profile does with a RUN change under a volume. `classic builders` are those that
 * discard it (the classic Docker builder, Buildah/Podman before 1.37 or with --compat-volumes, kaniko; the rule docs
 * say so).
 */
const DISCARDER: Record<BuilderProfile, string> = {
  portable: 'classic builders drop it',
  buildkit: 'BuildKit keeps it',
  classic: 'the classic builder drops it',
  buildah: 'Buildah keeps it',
  'buildah-compat': 'Buildah with --compat-volumes drops it',
  kaniko: 'kaniko drops it',
};

/** Severity table for rules whose finding is an error exactly where the builder discards the change. */
export function severityWhereDiscarded(pick: (f: BuilderFacts) => 'discarded' | 'kept'): Record<BuilderProfile, 'error' | 'warn'> {
  const out = {} as Record<BuilderProfile, 'error' | 'warn'>;
  for (const [profile, facts] of Object.entries(BUILDER_FACTS) as [BuilderProfile, BuilderFacts][]) {
    out[profile] = pick(facts) === 'discarded' ? 'error' : 'warn';
  }
  return out;
}

/**
 * The clause a finding uses to say what the chosen builder does with a RUN change under a volume: where the builder
 * keeps it, that other builders do not (the rule doc says which, and what a bind mount does).
 */
export function runChangeConsequence(builder: BuilderProfile, what: 'write' | 'permission'): string {
  const facts = BUILDER_FACTS[builder];
  const kept = what === 'write' ? facts.runWrite === 'kept' : facts.runPermission === 'kept';
  return kept ? `${DISCARDER[builder]}, but not portably` : DISCARDER[builder];
}

export function ruleDocUrl(id: string): string {
  return `https://github.com/volint/volint/blob/main/rules/${id}.md`;
}
