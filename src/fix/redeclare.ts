import type { Applicability } from '../rule-api/types.js';
import type { DockerfileModel, InstructionModel, StageModel } from '../model/types.js';

function builtFrom(stage: StageModel, ancestor: StageModel): boolean {
  for (let s: StageModel | undefined = stage; s; s = s.parent) if (s === ancestor) return true;
  return false;
}

/**
 * Applicability of a fix that changes which paths a VOLUME declares (`['/data']` → `["/data"]`, `/a,` → `/a`). It
 * is what the author meant, but a RUN after it then writes into a real volume: on a discarding builder a later RUN
 * that reads what an earlier one wrote there would fail. Safe only when no RUN follows, in this stage or in a stage
 * built from it.
 */
export function redeclareApplicability(model: DockerfileModel, volume: InstructionModel): Applicability {
  const home = volume.stage;
  if (!home) return 'unsafe';
  const runAfter = model.instructions.some(
    (i) => i.keyword === 'RUN' && i.range.start > volume.range.start && i.stage !== undefined && builtFrom(i.stage, home),
  );
  return runAfter ? 'unsafe' : 'safe';
}
