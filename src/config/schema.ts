import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packageInfo } from './package-info.js';
import type { SeverityName } from '../rule-api/types.js';
import type { BuilderProfile } from '../model/types.js';
import { ConfigError } from './errors.js';

/** What a config file may hold, as `src/config/volintrc.schema.json` describes it. */
export interface ConfigFileData {
  rules?: Record<string, SeverityName | 'warning' | 0 | 1 | 2>;
  builder?: BuilderProfile;
  buildArgs?: Record<string, string | number | boolean>;
  baseImageVolumes?: Record<string, string[]>;
  baseImages?: Record<string, { volumes?: string[]; env?: Record<string, string>; workdir?: string; user?: string }>;
  resolveImages?: boolean;
  ignorePatterns?: string[];
  context?: string;
}

/** The schema ships in the package (not compiled in), so editors can point `$schema` at the same file. */
export function schemaPath(): string {
  return path.join(packageInfo().root, 'src', 'config', 'volintrc.schema.json');
}

interface Schema {
  properties: Record<string, unknown> & { rules: Record<string, unknown> };
}

let schema: Schema | undefined;
/** One validator per list of rule ids (the CLI, the language server and the API each have theirs). */
const compiled = new Map<string, ValidateFunction<ConfigFileData>>();

function loadSchema(): Schema {
  return (schema ??= JSON.parse(readFileSync(schemaPath(), 'utf8')) as Schema);
}

/**
 * The schema file lets `rules` name any rule id, since the rules are not the config's to know; the rule ids of the
 * run (`ruleIds`, from the registry the entry point picked) are added here, so an unknown id is an error naming it.
 */
function validator(ruleIds: readonly string[] | undefined): ValidateFunction<ConfigFileData> {
  const key = ruleIds?.join(' ') ?? '';
  let validate = compiled.get(key);
  if (!validate) {
    const base = loadSchema();
    const rules = ruleIds === undefined
      ? base.properties.rules
      : { ...base.properties.rules, propertyNames: undefined, properties: Object.fromEntries(ruleIds.map((id) => [id, base.properties.rules.additionalProperties])), additionalProperties: false };
    validate = new Ajv({ allErrors: false, allowUnionTypes: true }).compile<ConfigFileData>({ ...base, properties: { ...base.properties, rules } });
    compiled.set(key, validate);
  }
  return validate;
}

/** The top-level keys a config file may hold, as the schema lists them. */
export function configKeys(): string[] {
  return Object.keys(loadSchema().properties);
}

/**
 * Checks parsed config data against the schema; throws a ConfigError naming the file and the offending key.
 * `keyPrefix` is where the data sits in the file (`volint` inside package.json); `ruleIds`, the rules the config may
 * name (any id when absent).
 */
export function validateConfig(data: unknown, file: string, keyPrefix: string[] = [], ruleIds?: readonly string[]): ConfigFileData {
  const validate = validator(ruleIds);
  if (validate(data)) return data;
  const error = validate.errors?.[0];
  if (!error) throw new ConfigError(file, keyPrefix.length > 0 ? keyPrefix.join('.') : undefined, 'invalid configuration.');
  const { key, problem } = explain(error, data);
  const full = [...keyPrefix, ...key];
  throw new ConfigError(file, full.length > 0 ? formatKey(full) : undefined, problem);
}

const TOP_LEVEL_KEYS = 'rules, builder, buildArgs, baseImages, baseImageVolumes, resolveImages, ignorePatterns, context';

function explain(error: ErrorObject, data: unknown): { key: string[]; problem: string } {
  const at = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const value = valueAt(data, at);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      if (at.length === 0) return { key: [name], problem: `unknown key. The keys are ${TOP_LEVEL_KEYS}.` };
      if (at.length === 1 && at[0] === 'rules') {
        return { key: [...at, name], problem: "unknown rule id. Run 'volint --list-rules' for the rule ids." };
      }
      return { key: [...at, name], problem: 'unknown key.' };
    }
    case 'propertyNames':
    case 'pattern': {
      const name = typeof params.propertyName === 'string' ? params.propertyName : error.propertyName;
      if (name !== undefined) {
        const what = at[0] === 'buildArgs' ? 'is not a valid ARG name' : at[0] === 'rules' ? 'is not a rule id' : 'is not an image reference';
        return { key: [...at, name], problem: `${JSON.stringify(name)} ${what}.` };
      }
      if (at[0] === 'baseImageVolumes' || (at[0] === 'baseImages' && (at[2] === 'volumes' || at[2] === 'workdir'))) {
        return { key: at, problem: `${JSON.stringify(value)} is not an absolute path: write it as the image declares it (/data, or C:\\data on Windows).` };
      }
      return { key: at, problem: `${JSON.stringify(value)} does not match ${String(params.pattern)}.` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { key: at, problem: `${JSON.stringify(value)} is not allowed: use one of ${allowed}.` };
    }
    case 'type': {
      const type = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      return { key: at, problem: `must be ${withArticle(type)}, not ${describeType(value)}.` };
    }
    case 'minItems':
      return { key: at, problem: 'must list at least one path.' };
    case 'minLength':
      return { key: at, problem: 'must not be empty.' };
    default:
      return { key: at, problem: `${error.message ?? 'is invalid'}.` };
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return withArticle(typeof value);
}

/** JSON pointer (`/baseImageVolumes/myorg~1db/0`) to its segments. */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let v = data;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

/** `rules.volume-syntax`, `baseImageVolumes["myorg/db"][0]`: how a user finds the key in the file. */
export function formatKey(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
