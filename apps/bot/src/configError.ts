/** A configuration problem, reported as one line and exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
