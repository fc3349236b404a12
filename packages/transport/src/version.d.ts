/** This package's version, read from its package.json when it is built, for the User-Agent. */
export declare const VERSION: string;
