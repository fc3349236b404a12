// Reading Graph-docs pages
export { parseDocPage } from './parseDocPage';
export { delocalize } from './delocalize';
export { resolveIncludes, findIncludes } from './resolveIncludes';

export type { ParseDocPageOptions } from './parseDocPage';
export type { DocPage, Include } from './DocPage';
export type { Tab, TabGroup } from './TabGroup';
export type { ResolvedInclude, ResolveIncludesOptions, IncludeProblem } from './resolveIncludes';
export type { DocBlock, BlockKind, JsonBody } from './DocBlock';
export type { Annotation } from './annotation';
export type { HttpMessage, HttpHeader, HttpStartLine } from './httpMessage';
export type { LocalizedText } from './delocalize';
export type { TolerantJson, TextOrigin } from './tolerantJson';
export type { FrontMatter } from './frontMatter';
export type { Diagnostic, DiagnosticCode, Severity } from './Diagnostic';
