import type { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload, type JWTVerifyResult } from 'jose';

/** An RS256 key that signs tokens and publishes itself as a JWKS. */
export class SigningKey {
  private constructor(
    readonly kid: string,
    private readonly privateKey: webcrypto.CryptoKey,
    private readonly publicKey: webcrypto.CryptoKey,
    readonly jwk: JWK,
  ) {}

  static async create(kid: string): Promise<SigningKey> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    return new SigningKey(kid, privateKey, publicKey, jwk);
  }

  /** Signs `claims`, valid for `seconds`. */
  sign(claims: JWTPayload, seconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${seconds}s`)
      .sign(this.privateKey);
  }

  /** Verifies a token this key signed. */
  verify(token: string, options: { audience?: string | string[]; issuer?: string | string[] } = {}): Promise<JWTVerifyResult> {
    return jwtVerify(token, this.publicKey, { algorithms: ['RS256'], ...options });
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }
}
