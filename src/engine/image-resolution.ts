import type { ResolvedConfig } from '../config/types.js';
import type { BaseImageTable, ImageFacts } from '../model/base-images.js';
import type { ImageRequest, ImageResolver } from '../registry/resolve.js';

/**
 * `--resolve-images`: the FROM images of a file get the facts of their real config. The registry client is loaded
 * only here, on first use, so that a run without the option never loads a network module.
 */

/** How a lint waits for image configs: the CLI waits; the language server lints at once and re-lints when they arrive. */
export interface ImageResolution {
  mode: 'wait' | 'background';
  /** In background mode: called once when configs this lint did not have have arrived. */
  onResolved?: () => void;
  /** Where "cannot resolve" warnings go (once per image); stderr when not given. */
  warn?: (message: string) => void;
}

let registry: Promise<typeof import('../registry/resolve.js')> | undefined;
const resolvers = new Map<string, ImageResolver>();

function stderrWarning(message: string): void {
  process.stderr.write(`volint: warning: ${message}\n`);
}

let defaultSink: (message: string) => void = stderrWarning;
let sink = defaultSink;

/** Where "cannot resolve" warnings go when a lint names no sink: the CLI sends them to its own stderr. */
export function setImageWarningSink(warn: (message: string) => void): void {
  defaultSink = warn;
}

/** One resolver per process and option set, so that each image is looked up, and warned about, once. */
async function resolverFor(config: ResolvedConfig): Promise<ImageResolver> {
  const key = resolverKey(config);
  let resolver = resolvers.get(key);
  if (!resolver) {
    const { ImageResolver } = await (registry ??= import('../registry/resolve.js'));
    resolver = resolvers.get(key) ?? new ImageResolver({ offline: config.offline, platform: config.platform, warn: (message) => { sink(message); } });
    resolvers.set(key, resolver);
  }
  return resolver;
}

function resolverKey(config: ResolvedConfig): string {
  return `${String(config.offline)}\n${config.platform ?? ''}`;
}

/**
 * The table for a file whose model is built anyway, when the lint waits for configs (the CLI): the model asks the
 * resolver for each FROM image as it meets it, so that the FROMs need no reading of their own. An image that only a
 * local store or its registry can tell is left to `table` for now and listed in `pending`: the caller reads those
 * (resolvePending) and builds the model again.
 */
export async function answeringTable(
  config: ResolvedConfig,
  table: BaseImageTable,
  resolution: ImageResolution | undefined,
): Promise<{ table: BaseImageTable; pending: ImageRequest[] }> {
  sink = resolution?.warn ?? defaultSink;
  const resolver = await resolverFor(config);
  const pending: ImageRequest[] = [];
  const answers = (ref: string, platform: string | undefined): ImageFacts | undefined => {
    const request = { ref, platform };
    const facts = resolver.answerNow(request);
    // The resolver's PENDING.
    if (typeof facts !== 'symbol') return facts;
    pending.push(request);
    return undefined;
  };
  return { table: table.withAnswers(answers), pending };
}

/** Reads the configs answeringTable left pending; the next answeringTable has them. */
export async function resolvePending(config: ResolvedConfig, pending: readonly ImageRequest[]): Promise<void> {
  await (await resolverFor(config)).resolveAll(pending);
}

/** The table for one file: `table` under the configs of `images`, the images its FROMs name. */
export async function tableWithResolvedImages(
  images: readonly ImageRequest[],
  config: ResolvedConfig,
  table: BaseImageTable,
  resolution: ImageResolution | undefined,
): Promise<BaseImageTable> {
  const requests = images.filter((r) => r.ref.trim() !== '');
  if (requests.length === 0) return table;
  sink = resolution?.warn ?? defaultSink;
  // Answered at once, without the resolver's promises, when this process or the cache knows every image: most files.
  const now = resolvers.get(resolverKey(config))?.answeredNow(requests);
  if (now) return table.withResolved(now);
  const resolver = await resolverFor(config);
  if (resolution?.mode !== 'background') return table.withResolved(await resolver.resolveAll(requests));
  const known = resolver.cachedAll(requests);
  const onResolved = resolution.onResolved;
  if (onResolved) {
    void resolver.resolveAll(requests).then(
      (resolved) => {
        if (changed(known, resolved)) onResolved();
      },
      () => undefined,
    );
  }
  return table.withResolved(known);
}

function changed(before: ReadonlyMap<string, ImageFacts>, after: ReadonlyMap<string, ImageFacts>): boolean {
  if (before.size !== after.size) return true;
  const sig = (f: ImageFacts | undefined): string =>
    f === undefined ? '' : JSON.stringify([f.volumes, [...f.env], f.workdir, f.user, f.complete]);
  for (const [ref, facts] of after) if (sig(before.get(ref)) !== sig(facts)) return true;
  return false;
}
