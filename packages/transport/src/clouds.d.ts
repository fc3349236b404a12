/** The Microsoft clouds Graph runs in. */
export type Cloud = 'global' | 'usGov' | 'usGovDoD' | 'china';
/** Graph and Entra ID endpoints per cloud. */
export declare const CLOUDS: Readonly<Record<Cloud, {
    readonly graph: string;
    readonly authority: string;
}>>;
