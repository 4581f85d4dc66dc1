import { createConfigResolver, type ConfigOverrides, type ConfigResolver } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import { parseSettings } from './settings.js';

export interface DocumentConfigSources {
  /** The editor's `volint` settings section for a document (workspace/configuration, or the last pushed value). */
  settings(uri: string): Promise<unknown>;
  knownRules: ReadonlySet<string>;
  /** Tells the user about a setting that was ignored; called once per distinct problem. */
  warn(problem: string): void;
}

/**
 * The config for each open document: the config files nearest to it, as the CLI finds them, with the editor's
 * settings on top in the place of command-line options. Settings are asked once per document and config files
 * read once per resolver, until they change.
 */
export class DocumentConfigs {
  private readonly overrides = new Map<string, Promise<ConfigOverrides>>();
  private readonly resolvers = new Map<string, ConfigResolver>();
  private readonly warned = new Set<string>();

  constructor(private readonly sources: DocumentConfigSources) {}

  /** The config for a document, and whether its `ignorePatterns` exclude it (then it gets no findings). */
  async configFor(uri: string, filePath: string): Promise<{ config: ResolvedConfig; ignored: boolean }> {
    let overrides = this.overrides.get(uri);
    if (!overrides) {
      overrides = this.readOverrides(uri);
      this.overrides.set(uri, overrides);
    }
    const settled = await overrides;
    // Documents with equal settings share one resolver, and so its cache of config files.
    const key = JSON.stringify(settled);
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      resolver = createConfigResolver(settled, { ruleIds: [...this.sources.knownRules] });
      this.resolvers.set(key, resolver);
    }
    const [config, ignored] = await Promise.all([resolver.configFor(filePath), resolver.isIgnored(filePath)]);
    return { config, ignored };
  }

  forget(uri: string): void {
    this.overrides.delete(uri);
  }

  /** A config file was created, changed or deleted: read them all again. */
  configFilesChanged(): void {
    this.resolvers.clear();
  }

  settingsChanged(): void {
    this.overrides.clear();
    this.resolvers.clear();
    this.warned.clear();
  }

  private async readOverrides(uri: string): Promise<ConfigOverrides> {
    const { overrides, problems } = parseSettings(await this.sources.settings(uri), this.sources.knownRules);
    for (const problem of problems) {
      if (this.warned.has(problem)) continue;
      this.warned.add(problem);
      this.sources.warn(problem);
    }
    return overrides;
  }
}
