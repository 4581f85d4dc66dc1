import type { RuntimeContext, RuntimeRule } from '../src/engine/types.js';
import { clip } from '../src/text/clip.js';
import { imageLabel, isDataContainer, unmountedVolumes } from '../src/analysis/runtime-mounts.js';
import { ruleDocUrl } from '../src/model/builders.js';

export const imageVolumeUnmounted: RuntimeRule = {
  meta: {
    id: 'image-volume-unmounted',
    type: 'problem',
    reads: ['compose', 'script'],
    needs: [],
    docs: {
      description: 'A service or `docker run` whose image declares a VOLUME that nothing mounts: the data goes to an anonymous volume.',
      url: ruleDocUrl('image-volume-unmounted'),
    },
    defaultSeverity: 'warn',
    messages: {
      compose: 'Nothing mounts VOLUME {{path}} of {{image}}: mount a named volume there, or `down` orphans its data.',
      script: 'Nothing mounts VOLUME {{path}} of {{image}}: mount a named volume there with -v.',
    },
  },
  check(context: RuntimeContext): void {
    const { runtime } = context;
    // A data container's volumes are the ones it shares: volumes-from-data-container says what to do about it. A
    // server that a backup takes volumes from (`--volumes-from db`) is not one.
    const sources = runtime.containers.flatMap((c) => c.volumesFrom.map((v) => runtime.source(v.name, c.at.range.start)));
    const dataContainers = new Set(sources.filter((c) => c !== undefined && isDataContainer(runtime, c)));
    for (const c of runtime.containers) {
      if (dataContainers.has(c)) continue;
      // A script's one-off command (`docker run postgres psql …`) or a --rm run keeps nothing on purpose.
      if (c.origin === 'script' && (c.command !== null || c.removeOnExit)) continue;
      const missing = unmountedVolumes(runtime, c);
      if (!missing || missing.length === 0) continue;
      const facts = runtime.facts(c);
      const where = c.build ?? c.image ?? c.at;
      for (const volume of missing) {
        context.report({
          messageId: c.origin === 'compose' ? 'compose' : 'script',
          data: { image: clip(imageLabel(c, facts)), path: clip(volume.path) },
          at: { file: where.file, range: where.range },
          related: volume.at ? [{ message: `VOLUME ${volume.path} is declared here.`, at: volume.at }] : [],
        });
      }
    }
  },
};
