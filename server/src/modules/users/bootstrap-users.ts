import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '../../common/logger';
import { generatePassword } from '../auth/password-hasher';
import type { UsersService } from './users.service';

/**
 * First start: the admin named by FLOWBRIDGE_ADMIN_EMAIL / FLOWBRIDGE_ADMIN_PASSWORD; the embedded
 * demo adds one user per role with generated passwords. Returns the lines to print once, in the
 * start banner — passwords never reach the log.
 */
export async function bootstrapUsers(users: UsersService, options: { adminEmail?: string; adminPassword?: string; demo: boolean; demoPassword?: string }): Promise<string[]> {
  const lines: string[] = [];
  if (options.adminEmail && options.adminPassword && !(await users.findByEmail(options.adminEmail))) {
    await users.create({ email: options.adminEmail, password: options.adminPassword, roles: ['admin'], name: 'Administrator' });
    logger.info({ email: options.adminEmail }, 'created the first admin from FLOWBRIDGE_ADMIN_EMAIL');
  }
  if (options.demo) {
    for (const role of ['admin', 'analyst', 'manager'] as const) {
      const email = `${role}@flowbridge.local`;
      if (await users.findByEmail(email)) continue;
      // A fixed demo password (FLOWBRIDGE_DEMO_PASSWORD) lets browser tests sign in; otherwise a fresh one.
      const password = options.demoPassword ?? generatePassword();
      await users.create({ email, password, roles: [role], name: `Demo ${role}` });
      lines.push(`  ${role.padEnd(8)} ${email}  password: ${password}`);
    }
  }
  if (!(await users.count())) {
    logger.warn('No users exist: set FLOWBRIDGE_ADMIN_EMAIL and FLOWBRIDGE_ADMIN_PASSWORD and restart to create the first admin');
  }
  return lines;
}

/**
 * Keeps the demo users' passwords in a file only its owner may read. Written as soon as the users
 * exist: a start that fails later (a port taken meanwhile) must not lose passwords shown only once.
 */
export function keepDemoPasswords(dataDir: string, lines: string[]): string {
  const file = path.resolve(dataDir, 'demo-users.txt');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  // The mode above applies only to a new file; an older one keeps its mode otherwise.
  chmodSync(file, 0o600);
  return file;
}
