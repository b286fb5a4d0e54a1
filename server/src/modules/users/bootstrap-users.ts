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
