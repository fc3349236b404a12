import { type JWK, type JWTPayload, type JWTVerifyResult } from 'jose';
/** An RS256 key that signs tokens and publishes itself as a JWKS. */
export declare class SigningKey {
    readonly kid: string;
    private readonly privateKey;
    private readonly publicKey;
    readonly jwk: JWK;
    private constructor();
    static create(kid: string): Promise<SigningKey>;
    /** Signs `claims`, valid for `seconds`. */
    sign(claims: JWTPayload, seconds: number): Promise<string>;
    /** Verifies a token this key signed. */
    verify(token: string, options?: {
        audience?: string | string[];
        issuer?: string | string[];
    }): Promise<JWTVerifyResult>;
    jwks(): {
        keys: JWK[];
    };
}
