import path from 'node:path';
import type { ScriptKind } from './kinds.js';

/**
 * A top-level `cd` into the script's own folder: `cd "$(dirname "$0")"`, `cd "${BASH_SOURCE%/*}"`,
 * `cd "$(dirname "$(readlink -f "$0")")"`, optionally followed by `|| exit 1`. Written at the start of a line, so not
 * inside a function body or a block written indented.
 */
const SELF_CD = /^cd\s+(?:-[LP]\s+)?(?:--\s+)?[^\n;&|#]*(?:\$0|\$\{0\}|\$\{0%|BASH_SOURCE)[^\n;&|#]*?(?:\s*\|\|\s*(?:exit|return)\b[^\n;&|#]*)?[ \t]*(?:;[ \t]*)?(?:#[^\n]*)?$/gm;
/** Any other change of directory; with one, the directory a docker command runs in is not known. */
const CHANGES_DIRECTORY = /(?:^|[\s;&|({`])(?:cd|pushd|popd)(?=$|[\s;&|)])/gm;
/** A GitHub Actions step or job that runs elsewhere than the workspace root. */
const WORKING_DIRECTORY_KEY = /^\s*(?:-\s+)?working-directory\s*:/m;

/**
 * The directory the docker commands of a script run in, where the file says so: a relative `-v ./data:/x` or a
 * named volume that may mean a directory is read against it. Undefined when it depends on the caller: a shell
 * script run from wherever its user stands, unless it changes into its own folder first; any other `cd` makes
 * it unknown too.
 * - Makefile: make runs recipes in its own working directory, the Makefile's folder (`make -C dir` enters it);
 * - GitHub Actions (`.github/workflows/x.yml`): steps run in the workspace, the repository root, unless the file
 *   sets a `working-directory`;
 * - GitLab CI (`.gitlab-ci.yml`): jobs run in the project directory, the folder of that file.
 */
export function scriptWorkingDirectory(file: string, text: string, kind: ScriptKind): string | undefined {
  const dir = path.dirname(file);
  const selfCds = kind === 'shell' ? [...text.matchAll(SELF_CD)].length : 0;
  const changes = [...text.matchAll(CHANGES_DIRECTORY)].length;
  switch (kind) {
    case 'shell':
      return selfCds > 0 && changes === selfCds ? dir : undefined;
    case 'makefile':
      return changes === 0 ? dir : undefined;
    case 'github-actions': {
      const root = path.dirname(path.dirname(dir));
      return changes === 0 && !WORKING_DIRECTORY_KEY.test(text) && path.basename(path.dirname(dir)) === '.github' ? root : undefined;
    }
    case 'gitlab-ci':
      return changes === 0 && /^\.gitlab-ci\.ya?ml$/i.test(path.basename(file)) ? dir : undefined;
  }
}
