import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, BadRequestError, ConflictError, NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { ROLES, type Role } from '../auth/roles';
import { isUuid } from '../../common/ids';

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: Role[];
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
}

const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MS = 15 * 60_000;
const MIN_PASSWORD = 10;

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, disabled: row.disabled, createdAt: row.created_at };
}

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  private checkRoles(roles: string[]): Role[] {
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length || !roles.length) throw new BadRequestError(`'roles' must be one or more of ${ROLES.join(', ')}`, { field: 'roles' });
    return [...new Set(roles)] as Role[];
  }

  async create(input: { email: string; name?: string; password: string; roles: string[] }): Promise<UserView> {
    if (input.password.length < MIN_PASSWORD) throw new BadRequestError(`'password' must be at least ${MIN_PASSWORD} characters`, { field: 'password' });
    const roles = this.checkRoles(input.roles);
    const hash = await hashPassword(input.password);
    try {
      const [row] = await this.dataSource.query(
        `insert into users (email, name, password_hash, roles) values ($1, $2, $3, $4) returning *`,
        [input.email.trim(), input.name ?? '', hash, roles],
      );
      return toUserView(row);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictError(`A user with email '${input.email}' exists`);
      throw error;
    }
  }

  async list(): Promise<UserView[]> {
    const rows: UserRow[] = await this.dataSource.query(`select * from users order by created_at`);
    return rows.map(toUserView);
  }

  async get(id: string): Promise<UserView> {
    const [row] = isUuid(id) ? await this.dataSource.query(`select * from users where id = $1`, [id]) : [];
    if (!row) throw new NotFoundError('User', id);
    return toUserView(row);
  }

  async update(id: string, patch: { roles?: string[]; disabled?: boolean; password?: string }): Promise<{ before: UserView; after: UserView }> {
    const before = await this.get(id);
    if (patch.roles) await this.dataSource.query(`update users set roles = $2 where id = $1`, [id, this.checkRoles(patch.roles)]);
    if (patch.disabled !== undefined) {
      await this.dataSource.query(`update users set disabled = $2 where id = $1`, [id, patch.disabled]);
      if (patch.disabled) await this.revokeAccess(id);
    }
    if (patch.password !== undefined) {
      if (patch.password.length < MIN_PASSWORD) throw new BadRequestError(`'password' must be at least ${MIN_PASSWORD} characters`, { field: 'password' });
      await this.dataSource.query(`update users set password_hash = $2, failed_logins = 0, locked_until = null where id = $1`, [id, await hashPassword(patch.password)]);
      await this.revokeAccess(id);
    }
    return { before, after: await this.get(id) };
  }

  private async revokeAccess(id: string): Promise<void> {
    await this.dataSource.query(`delete from sessions where user_id = $1`, [id]);
    await this.dataSource.query(`update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null`, [id]);
  }

  /**
   * Checks a password. Five wrong answers lock the account for 15 minutes, whoever asks;
   * the answer never says whether the email exists.
   */
  async verifyLogin(email: string, password: string): Promise<UserView> {
    const refused = new ApiError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'Wrong email or password');
    const now = this.clock.now();
    // The attempt is counted before the password is checked, in one statement: fifty parallel
    // guesses get five checks between them, not fifty.
    const [[row]]: [UserRow[], number] = await this.dataSource.query(
      `update users set
         failed_logins = (case when locked_until <= $2 then 0 else failed_logins end) + 1,
         locked_until = case when locked_until <= $2 then null else locked_until end
       where lower(email) = lower($1)
         and (locked_until is null or locked_until <= $2)
         and (case when locked_until <= $2 then 0 else failed_logins end) < $3
       returning *`,
      [email.trim(), now, MAX_FAILED_LOGINS],
    );
    if (!row) {
      const [known]: UserRow[] = await this.dataSource.query(`select locked_until from users where lower(email) = lower($1)`, [email.trim()]);
      if (known) {
        const until = known.locked_until && known.locked_until > now ? ` after ${known.locked_until.toISOString()}` : ' later';
        throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'account_locked', `Too many failed logins; try again${until}`);
      }
      // Spend the same time as a real check so response times do not reveal which emails exist.
      await verifyPassword(password, 'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      throw refused;
    }
    if (!(await verifyPassword(password, row.password_hash)) || row.disabled) {
      await this.dataSource.query(
        `update users set locked_until = $2 where id = $1 and failed_logins >= $3 and locked_until is null`,
        [row.id, new Date(now.getTime() + LOCKOUT_MS), MAX_FAILED_LOGINS],
      );
      throw refused;
    }
    await this.dataSource.query(`update users set failed_logins = 0 where id = $1 and locked_until is null`, [row.id]);
    return toUserView(row);
  }

  async count(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`select count(*)::int as n from users`);
    return n;
  }

  async findByEmail(email: string): Promise<UserView | undefined> {
    const [row] = await this.dataSource.query(`select * from users where lower(email) = lower($1)`, [email]);
    return row ? toUserView(row) : undefined;
  }
}
