import type { BuilderProfile } from './types.js';

/**
 * What each builder does with changes under a VOLUME path made after the VOLUME instruction
 * (docs/volume-semantics.md section 1). `portable` stands for "any common builder": it discards whatever one
 * of them discards.
 */
export interface BuilderFacts {
  label: string;
  /** A RUN that writes, creates or deletes under the volume. */
  runWrite: 'discarded' | 'kept';
  /** A RUN that changes owner or mode of the volume or inside it. */
  runPermission: 'discarded' | 'kept';
}

export const BUILDER_FACTS: Readonly<Record<BuilderProfile, BuilderFacts>> = {
  portable: { label: 'any common builder', runWrite: 'discarded', runPermission: 'discarded' },
  buildkit: { label: 'BuildKit', runWrite: 'kept', runPermission: 'kept' },
  classic: { label: 'the classic Docker builder', runWrite: 'discarded', runPermission: 'discarded' },
  buildah: { label: 'Buildah 1.37 or later', runWrite: 'kept', runPermission: 'kept' },
  'buildah-compat': { label: 'Buildah with --compat-volumes (and Podman before 5.2)', runWrite: 'discarded', runPermission: 'discarded' },
  // kaniko puts volume paths on its snapshot ignore list: files inside are dropped; a chmod/chown of the mount point
  // itself may survive, but volint cannot tell which, so it stays an error.
  kaniko: { label: 'kaniko', runWrite: 'discarded', runPermission: 'discarded' },
};

/**
 * What a finding calls the builders that throw a RUN change under a volume away (the rule docs spell them out: the
 * classic Docker builder, Buildah/Podman before 1.37 or with --compat-volumes, kaniko).
 */
const DISCARDING_BUILDERS = 'classic builders';

/** How a finding names one builder profile's discarding builder, in a short sentence. */
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
 * keeps it, what still goes wrong.
 */
export function runChangeConsequence(builder: BuilderProfile, what: 'write' | 'permission'): string {
  const facts = BUILDER_FACTS[builder];
  const kept = what === 'write' ? facts.runWrite === 'kept' : facts.runPermission === 'kept';
  return kept ? `${DISCARDER[builder]}; ${DISCARDING_BUILDERS} and bind mounts lose it` : DISCARDER[builder];
}

export function ruleDocUrl(id: string): string {
  return `https://github.com/volint/volint/blob/main/rules/${id}.md`;
}
