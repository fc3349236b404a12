/** A `cursor` that no page of the status route handed out. */
export class CursorError extends Error {
  override readonly name = 'CursorError';
  readonly code = 'bad-cursor';

  constructor(
    readonly cursor: string,
    forms = 'l:<id> or e:<id>',
  ) {
    super(`cursor: expected the \`next\` of a previous page (${forms}), found ${JSON.stringify(cursor.slice(0, 80))}`);
  }
}
