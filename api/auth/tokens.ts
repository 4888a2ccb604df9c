import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { isRole, type Role } from './roles';

export interface TokenClaims {
  /** The user's id, or the service token's id. */
  subject: string;
  username: string;
  role: Role;
  kind: 'user' | 'service';
  tokenId: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const ISSUER = 'shebao-flow';
const ALGORITHM = 'HS256';

export class InvalidTokenError extends Error {}

/** Development only; set AUTH_JWT_SECRET in production. */
export const DEV_AUTH_JWT_SECRET = 'shebao-flow-development-jwt-secret-change-me';
export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600;


/** Signed, expiring bearer tokens (HS256 JWT) for users and for scripts. */
export function createTokenService(secret: string) {
  if (Buffer.byteLength(secret) < 32) throw new Error('AUTH_JWT_SECRET must be at least 32 bytes');
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims: Omit<TokenClaims, 'tokenId'> & { tokenId?: string }, ttlSeconds: number): Promise<IssuedToken> {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const token = await new SignJWT({ username: claims.username, role: claims.role, kind: claims.kind })
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(claims.subject)
        .setIssuer(ISSUER)
        .setJti(claims.tokenId ?? randomUUID())
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },

    async verify(token: string): Promise<TokenClaims> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: [ALGORITHM] });
        const { sub, jti, username, role, kind } = payload;
        if (!sub || !jti || typeof username !== 'string' || !isRole(role) || (kind !== 'user' && kind !== 'service')) {
          throw new InvalidTokenError('token claims incomplete');
        }
        return { subject: sub, tokenId: jti, username, role, kind };
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
        throw error;
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;

/** What the API needs to issue and check tokens. */
export function authSettings(secret: string = DEV_AUTH_JWT_SECRET, tokenTtlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS) {
  return { tokens: createTokenService(secret), tokenTtlSeconds };
}
