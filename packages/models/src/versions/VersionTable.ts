/** A Graph API version as the docs and the request paths name it. */
export type GraphVersion = 'beta' | 'v1.0';

/** One property of a Graph type in one version. */
export interface PropertySpec {
  /** Its type names (`String`, `participantInfo`; several for `a | b` properties). */
  readonly types: readonly string[];
  readonly collection?: boolean;
  /** The enum values it takes, as Graph spells them. */
  readonly values?: readonly string[];
  readonly readOnly?: boolean;
}

/** One Graph type (a resource, a complex type or an action's body) in one version. */
export interface TypeSpec {
  /** The type it inherits properties from. */
  readonly base?: string;
  /** An open type: properties beyond the table are expected. */
  readonly open?: boolean;
  readonly abstract?: boolean;
  readonly props: Readonly<Record<string, PropertySpec>>;
  /** Properties without which the object cannot do its job (an app-hosted media config's `blob`). */
  readonly required?: readonly string[];
}

/** Every type of each version, by name (`call`, `answerRequest`). */
export type VersionTable = Readonly<Record<GraphVersion, Readonly<Record<string, TypeSpec>>>>;
