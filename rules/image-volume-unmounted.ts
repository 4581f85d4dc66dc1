import type { RuntimeContext, RuntimeRule } from '../src/rule-api/types.js';
import { clip } from '../src/text/clip.js';
import { imageLabel, isDataContainer, unmountedVolumes } from '../src/analysis/runtime-mounts.js';
import { ruleDocUrl } from '../src/model/builders.js';

/**
 * Volumes that hold no data worth keeping: scratch space (Spring Boot's `VOLUME /tmp`), logs, caches, the init-script
 * folders of database images, and mongo's `/data/configdb` (used only by a config server). Losing them on `down` is
 * what their authors expect, so only the data volumes of an image are reported.
 */
function isScratchVolume(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return (
    ['tmp', 'temp', 'log', 'logs', 'cache', 'run'].includes(last) ||
    /^\/(?:var\/)?(?:log|tmp|cache)(?:\/|$)/i.test(path) ||
    /^\/var\/cache(?:\/|$)/i.test(path) ||
    /^\/docker-entrypoint-[\w-]*\.d$/.test(path) ||
    path === '/data/configdb'
  );
}

export const imageVolumeUnmounted: RuntimeRule = {
  meta: {
    id: 'image-volume-unmounted',
    type: 'problem',
    reads: ['compose', 'script'],
    needs: ['container-command'],
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
      const missing = unmountedVolumes(runtime, c)?.filter((v) => !isScratchVolume(v.path));
      if (!missing || missing.length === 0) continue;
      const facts = runtime.facts(c);
      const where = c.build ?? c.image ?? c.at;
      for (const volume of missing) {
        context.report({
          messageId: c.origin === 'compose' ? 'compose' : 'script',
          data: { image: clip(imageLabel(c, facts)), path: clip(volume.path) },
          at: { file: where.file, range: where.range },
          owner: c.at,
          related: volume.at ? [{ message: `VOLUME ${volume.path} is declared here.`, at: volume.at }] : [],
        });
      }
    }
  },
};
