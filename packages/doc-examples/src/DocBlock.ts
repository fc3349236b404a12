import type { Annotation } from './annotation';
import type { Diagnostic } from './Diagnostic';
import type { HttpMessage } from './httpMessage';
import type { LocalizedText } from './delocalize';
import type { TolerantJson } from './tolerantJson';

/** What a fenced block is, as a reader of the page would say it. */
export type BlockKind = 'request' | 'response' | 'notification' | 'json' | 'http' | 'other';

/** A JSON body found in a block, read tolerantly. */
export type JsonBody = TolerantJson & {
  /** The JSON text exactly as the page writes it. */
  readonly text: string;
  /** 1-based page line where the JSON text starts. */
  readonly line: number;
};

/** One fenced code block of a docs page, with everything known about it. */
export interface DocBlock {
  /** 0-based position among the page's fenced blocks. */
  readonly index: number;
  /** 1-based page line of the opening fence. */
  readonly line: number;
  /** 1-based page line of the closing fence (the last line of the page when unterminated). */
  readonly endLine: number;
  /** The fence info string (`http`, `json`, `csharp title="…"`), trimmed. */
  readonly info: string;
  /** The first word of the info string, lower-cased: `http`, `json`, or `''`. */
  readonly lang: string;
  readonly content: string;
  readonly closed: boolean;
  /** The heading the block stands under, in both readings. */
  readonly heading?: LocalizedText;
  readonly annotation?: Annotation;
  /** The HTTP start line and headers: the block's own, or the preceding block's when the body was split off. */
  readonly http?: HttpMessage;
  /** Index of the block that carries `http` when it is not this one (a split message). */
  readonly httpBlock?: number;
  readonly json?: JsonBody;
  readonly kind: BlockKind;
  /** `@odata.type` from the annotation, else from the body, as `microsoft.graph.x`. */
  readonly odataType?: string;
  /** Every diagnostic of the block: annotation, HTTP and JSON. */
  readonly diagnostics: readonly Diagnostic[];
}
