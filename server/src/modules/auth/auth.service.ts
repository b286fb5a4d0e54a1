import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { UsersService, type UserView } from '../users/users.service';
import type { Principal, Role } from './roles';
import { hashToken, newToken } from './token-hash';
import { isUuid } from '../../common/ids';

const SESSION_MS = 12 * 3_600_000;

@Injectable()
export class AuthService {
  constructor(private readonly dataSource: DataSource, private readonly users: UsersService, @Inject(CLOCK) private readonly clock: Clock) {}

  async login(email: string, password: string): Promise<{ user: UserView; sessionToken: string; csrfToken: string; expiresAt: Date }> {
    const user = await this.users.verifyLogin(email, password);
    const sessionToken = newToken('fbs');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_MS);
    await this.dataSource.query(`insert into sessions (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)`, [hashToken(sessionToken), user.id, csrfToken, expiresAt]);
    return { user, sessionToken, csrfToken, expiresAt };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.dataSource.query(`delete from sessions where token_hash = $1`, [hashToken(sessionToken)]);
  }

  /** Checked on every request: a revoked token or deleted session stops working at once. */
  async fromSession(sessionToken: string): Promise<Principal | undefined> {
    const [row] = await this.dataSource.query(
      `select u.id, u.email, u.roles, s.csrf_token from sessions s join users u on u.id = s.user_id
       where s.token_hash = $1 and s.expires_at > $2 and not u.disabled`,
      [hashToken(sessionToken), this.clock.now()],
    );
    return row ? { id: row.id, email: row.email, roles: row.roles as Role[], via: 'session', csrfToken: row.csrf_token } : undefined;
  }

  async fromApiToken(token: string): Promise<Principal | undefined> {
    const [row] = await this.dataSource.query(
      `update api_tokens t set last_used_at = now() from users u
       where t.token_hash = $1 and t.revoked_at is null and u.id = t.user_id and not u.disabled
       returning u.id, u.email, u.roles`,
      [hashToken(token)],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as { id: string; email: string; roles: Role[] }[]);
    return row ? { id: row.id, email: row.email, roles: row.roles, via: 'token' } : undefined;
  }

  async createToken(userId: string, name: string): Promise<{ id: string; name: string; token: string; createdAt: Date }> {
    const token = newToken('fbt');
    const [row] = await this.dataSource.query(`insert into api_tokens (user_id, name, token_hash) values ($1, $2, $3) returning id, name, created_at`, [userId, name, hashToken(token)]);
    return { id: row.id, name: row.name, token, createdAt: row.created_at };
  }

  async listTokens(userId: string) {
    return this.dataSource.query(
      `select id, name, created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt" from api_tokens where user_id = $1 order by created_at desc`,
      [userId],
    );
  }

  async revokeToken(userId: string, tokenId: string): Promise<void> {
    const rows = isUuid(tokenId)
      ? await this.dataSource.query(`update api_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null returning id`, [tokenId, userId])
      : [[]];
    if (!(rows[0] as unknown[]).length) throw new NotFoundError('Token', tokenId);
  }
}
