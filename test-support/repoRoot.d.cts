/** The repository's root folder (see repoRoot.cjs). */
declare const repoRoot: string;
export = repoRoot;
