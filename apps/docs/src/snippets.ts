// The one snippet checker, shared with the builders' snippet tests (a package may not import an app).
export { verifySnippets, type SnippetCheck, type SnippetFailure } from '../../../test-support/snippets';
