export type ConfigErrorKind = 'file' | 'unknown_profile' | 'no_key' | 'invalid';

/** A problem with profiles or credentials; the CLI decides the exit code from the kind. */
export class ConfigError extends Error {
  readonly kind: ConfigErrorKind;
  readonly hint: string | undefined;
  constructor(kind: ConfigErrorKind, message: string, hint?: string) {
    super(message);
    this.name = 'ConfigError';
    this.kind = kind;
    this.hint = hint;
  }
}
