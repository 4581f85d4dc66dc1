import type { ConfigOverrides } from '../config/resolve.js';
import { parseSeverity } from '../config/severity.js';
import type { SeverityName } from '../rule-api/types.js';
import { BUILDER_PROFILES, type BuilderProfile } from '../model/types.js';

/** The editor's `volint` settings, read into the same overrides the CLI's options give. */
export interface ParsedSettings {
  overrides: ConfigOverrides;
  /** Settings that were ignored, and why: shown to the user once. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `{builder, rules, resolveImages}` from the `volint` settings section. Anything else the section holds is left to
 * other tools; a bad value is dropped with a problem, never fatal, so one typo does not stop linting.
 */
export function parseSettings(section: unknown, knownRules: ReadonlySet<string>): ParsedSettings {
  const overrides: ConfigOverrides = {};
  const problems: string[] = [];
  if (section === undefined || section === null) return { overrides, problems };
  if (!isRecord(section)) return { overrides, problems: ['volint settings must be an object; they are ignored.'] };

  const { builder, rules, resolveImages } = section;
  if (resolveImages !== undefined && resolveImages !== null) {
    if (typeof resolveImages === 'boolean') overrides.resolveImages = resolveImages;
    else problems.push('volint.resolveImages must be true or false; it is ignored.');
  }
  if (builder !== undefined && builder !== null) {
    if (typeof builder === 'string' && (BUILDER_PROFILES as readonly string[]).includes(builder)) {
      overrides.builder = builder as BuilderProfile;
    } else {
      problems.push(`volint.builder: ${JSON.stringify(builder)} is not a builder profile; use one of ${BUILDER_PROFILES.join(', ')}.`);
    }
  }
  if (rules !== undefined && rules !== null) {
    if (!isRecord(rules)) {
      problems.push('volint.rules must map rule ids to off, warn or error; it is ignored.');
    } else {
      const severities: Record<string, SeverityName> = {};
      for (const [id, value] of Object.entries(rules)) {
        const severity = parseSeverity(value);
        if (!knownRules.has(id)) problems.push(`volint.rules: unknown rule '${id}'; it is ignored.`);
        else if (severity === undefined) problems.push(`volint.rules.${id}: use off, warn or error; it is ignored.`);
        else severities[id] = severity;
      }
      overrides.rules = severities;
    }
  }
  return { overrides, problems };
}
