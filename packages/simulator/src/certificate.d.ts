/** The TLS certificate the simulator serves Graph, the identity endpoint and the callback keys with. */
export interface Certificate {
    /** PEM, ending with a newline so that it can be appended to a CA bundle. */
    readonly cert: string;
    readonly key: string;
}
/** The names every simulator certificate is valid for: what a client may put in a loopback URL. */
export declare const CERTIFICATE_HOSTS: readonly ["127.0.0.1", "localhost", "::1"];
/**
 * A self-signed certificate for 127.0.0.1, localhost and ::1. Clients trust it by its PEM:
 * `NODE_EXTRA_CA_CERTS=ca.pem` for any Node client, or `ca` options (msal-node through a network
 * client, fetch through an undici Agent with `connect: { ca }`).
 */
export declare function selfSignedCertificate(options?: {
    readonly validDays?: number;
}): Promise<Certificate>;
/**
 * The certificate kept in `dir` (`cert.pem`, `key.pem`), made there on first use and made again
 * only when it is unreadable, expires within a day or lacks one of {@link CERTIFICATE_HOSTS}: so
 * that clients configured to trust it once keep working across restarts.
 */
export declare function persistentCertificate(dir: string): Promise<Certificate>;
