import { buildBaseImageTable, defaultBaseImageTable, type BaseImageTable } from '../model/base-images.js';
import type { ResolvedConfig } from './types.js';

const tables = new WeakMap<object, BaseImageTable>();

/**
 * The base-image table of a config: the shipped facts under the config's `baseImages`, whose facts name the config
 * file as their source in findings. Built once per `baseImages` object (the CLI, the language server and ESLint all
 * reuse one config for many files); a config without base images shares the shipped table.
 */
export function baseImageTableOf(config: ResolvedConfig): BaseImageTable {
  if (Object.keys(config.baseImages).length === 0) return defaultBaseImageTable();
  let table = tables.get(config.baseImages);
  if (!table) {
    table = buildBaseImageTable(config.baseImages, config.configFile ?? 'config');
    tables.set(config.baseImages, table);
  }
  return table;
}
