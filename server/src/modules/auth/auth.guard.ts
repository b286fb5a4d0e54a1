import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ApiError } from '../../common/errors';
import { AuthService } from './auth.service';
import { PUBLIC_KEY, ROLES_KEY, type Principal, type Role } from './roles';

export const SESSION_COOKIE = 'fb_session';
export const CSRF_HEADER = 'x-csrf-token';

export type AuthedRequest = Request & { principal?: Principal };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Default deny: a route must be @Public or name its @Roles, or nobody may call it. Browsers
 * authenticate with the session cookie (and must echo the CSRF token on writes); automation
 * uses `Authorization: Bearer <API token>`. Both are looked up on every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = context.switchToHttp().getRequest<AuthedRequest>();

    const principal = await this.authenticate(req);
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Sign in or send an API token');
    if (principal.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = String(req.headers[CSRF_HEADER] ?? '');
      const expected = principal.csrfToken ?? '';
      if (!sent || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
        throw new ApiError(HttpStatus.FORBIDDEN, 'csrf', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
    req.principal = principal;
    if (!roles?.length) throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', 'This route declares no roles, so nobody may call it');
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', `Needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(req: AuthedRequest): Promise<Principal | undefined> {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.auth.fromApiToken(header.slice(7).trim());
    const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    return cookie ? this.auth.fromSession(cookie) : undefined;
  }
}
