import { type Certificate } from './certificate';
import { type Faults } from './faults';
import { SimCallActions, type ActionTiming } from './SimCallActions';
import { SimulatorControl } from './SimulatorControl';
import { type SimulatedApp } from './SimulatedApp';
import { type Timing } from './Simulation';
/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
    /** Loopback address to listen on (default 127.0.0.1; the certificate also covers `localhost` and `::1`). Another address needs `allowNonLoopback`. */
    readonly host?: string;
    /**
     * Listen on a `host` that is not loopback (`0.0.0.0`, a LAN address): the simulator issues tokens
     * for any registered app and ends or rings calls on request, so it is refused unless asked for.
     */
    readonly allowNonLoopback?: boolean;
    /**
     * Serve the Graph API and the callback keys over plain HTTP instead of HTTPS, for tools that
     * cannot trust a certificate. Microsoft's graph-js sends tokens only to https hosts, so it needs
     * the default. The identity endpoint stays HTTPS (msal-node refuses anything else).
     */
    readonly plainHttp?: boolean;
    /** The TLS certificate to serve (default: a new self-signed one; see `persistentCertificate` to keep one across restarts). */
    readonly certificate?: Certificate;
    /** Domain names the token endpoint accepts in place of a tenant id (`contoso.onmicrosoft.com` → tenant id). */
    readonly tenantDomains?: Readonly<Record<string, string>>;
    /** Port of the Graph endpoint (default 0: any free port). */
    readonly port?: number;
    /** Port of the HTTPS identity endpoint (default 0). */
    readonly identityPort?: number;
    /** App registrations; default: one app with every calling permission ({@link DEFAULT_APP}). */
    readonly apps?: readonly SimulatedApp[];
    readonly faults?: Faults;
    readonly timing?: Timing & ActionTiming;
    /** Lifetime of issued Graph tokens (default 3600 s). */
    readonly tokenLifetimeSeconds?: number;
    /** Callback delivery: attempts per notification (default 3) and first retry delay (default 100 ms). */
    readonly callbackAttempts?: number;
    readonly callbackRetryDelayMs?: number;
    /** Callback delivery attempts kept for `control.deliveries()`, oldest dropped first (default 10,000). */
    readonly deliveryLogSize?: number;
    /** Callback URLs must be on loopback unless this is set (the simulator must not send traffic off the machine). */
    readonly allowNonLoopbackCallbacks?: boolean;
    /** Largest request body accepted (default 1 MiB, as Graph). */
    readonly bodyLimit?: number;
    /**
     * Meeting joins whose `tenantId` is not the token's tenant: `'own'` (default) answers 403 7505 as
     * Graph does; `'any'` joins them as if the app were consented in every tenant and its token taken
     * for the meeting's tenant — what a demo needs to join any tenant's Teams link. Other calls that
     * name another tenant are still refused.
     */
    readonly meetingTenants?: 'own' | 'any';
}
/** A running simulator. */
export interface Simulator {
    /** Base of the Graph API (`https://127.0.0.1:PORT`, or `http://` with `plainHttp`): `${url}/v1.0/communications/calls`. */
    readonly url: string;
    /** Base of the Entra ID authority (HTTPS): `${authorityUrl}/${tenantId}`. */
    readonly authorityUrl: string;
    /** The authority for a tenant, as msal-node takes it. */
    authority(tenantId: string): string;
    /** `host:port` of the authority, for msal-node's `knownAuthorities`. */
    readonly authorityHost: string;
    /** The self-signed certificate of Graph, the authority and the callback keys (trust its `cert` PEM). */
    readonly certificate: Certificate;
    /** Where the simulator publishes the keys its callbacks are signed with (for the bot's token verifier). */
    readonly openIdConfigurationUrl: string;
    /** The issuer of callback tokens. */
    readonly callbackIssuer: string;
    readonly apps: readonly SimulatedApp[];
    readonly control: SimulatorControl;
    /** Incoming calls, the caller's keys, and the truth about in-call actions (also under `/_sim`). */
    readonly actions: SimCallActions;
    stop(): Promise<void>;
}
/**
 * Starts a local Microsoft Graph for calls on loopback: the calls API (v1.0 and beta, including
 * the deprecated /app/calls), a client-credential token issuer msal-node can use, signed callback
 * notifications, a control API (`control` and `/_sim`) and deterministic fault injection.
 */
export declare function createSimulator(options?: SimulatorOptions): Promise<Simulator>;
