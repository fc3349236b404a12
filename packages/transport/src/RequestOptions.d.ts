/** Per-request options, the same for every call of the client (create, get, delete, keep-alive, every action). */
export interface RequestOptions {
    /** The call flow's id (sent as `scenario-id`); create generates one and later requests on the call reuse it. */
    readonly scenarioId?: string;
    readonly signal?: AbortSignal;
}
