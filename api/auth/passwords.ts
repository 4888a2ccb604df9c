import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (OWASP's recommended parameters).
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Compared against when the user does not exist, so that a wrong name takes as long as a wrong password. */
export const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2hlYmFvLWZsb3ctZHVtbXk$0J3+9cM1u0c8m7G3tqN1pX8r6q8m5Wq4x0yH9sQe6Gg';
