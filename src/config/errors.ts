/** A config file volint cannot use. The CLI prints the message (file, then key) and exits 2. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    problem: string,
  ) {
    super(`${file}: ${key === undefined ? '' : `${key}: `}${problem}`);
    this.name = 'ConfigError';
  }
}
