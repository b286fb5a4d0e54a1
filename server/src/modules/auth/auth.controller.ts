import { ZodBody, ZodResponse } from '../../common/openapi';
import { createdTokenAnswer, loginAnswer, meAnswer, tokenAnswer } from './auth.responses';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { AuditService } from '../audit/audit.service';
import { DemoOutbox } from '../../demo/demo-outbox';
import { AuthService } from './auth.service';
import { SESSION_COOKIE, type AuthedRequest } from './auth.guard';
import { CurrentPrincipal } from './current-principal';
import { LoginThrottle } from './login-throttle';
import { ANY_ROLE, Public, Roles, type Principal } from './roles';

const loginSchema = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) });

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  private readonly throttle = new LoginThrottle();

  constructor(private readonly auth: AuthService, private readonly audit: AuditService, private readonly outbox: DemoOutbox) {}

  @Post('login')
  @ZodResponse(loginAnswer)
  @ZodBody(loginSchema)
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: sets an httpOnly session cookie and returns the CSRF token for writes' })
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const wait = this.throttle.hit(req.ip ?? 'unknown');
    if (wait) {
      res.setHeader('retry-after', String(wait));
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_attempts', `Too many sign-in attempts from this address; retry in ${wait} s`);
    }
    const { email, password } = parseInput(loginSchema, body);
    try {
      const session = await this.auth.login(email, password);
      res.cookie(SESSION_COOKIE, session.sessionToken, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: session.expiresAt });
      await this.audit.record(session.user, 'login.succeeded', { type: 'user', id: session.user.id });
      return { user: session.user, csrfToken: session.csrfToken, demo: this.outbox.running };
    } catch (error) {
      await this.audit.record(null, 'login.failed', undefined, { email: email.slice(0, 320) });
      throw error;
    }
  }

  @Post('logout')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  async logout(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response) {
    const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    if (cookie) await this.auth.logout(cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ZodResponse(meAnswer)
  @Roles(...ANY_ROLE)
  me(@CurrentPrincipal() principal: Principal) {
    // `demo`: this server runs the demo workspace, so the editor links its outbox.
    return { id: principal.id, email: principal.email, roles: principal.roles, csrfToken: principal.csrfToken, demo: this.outbox.running };
  }

  @Get('tokens')
  @ZodResponse(z.array(tokenAnswer))
  @Roles(...ANY_ROLE)
  tokens(@CurrentPrincipal() principal: Principal) {
    return this.auth.listTokens(principal.id);
  }

  @Post('tokens')
  @ZodResponse(createdTokenAnswer, { status: 201 })
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Create an API token for automation; the token is shown only in this response' })
  async createToken(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(100) }), body);
    const token = await this.auth.createToken(principal.id, name);
    await this.audit.record(principal, 'token.created', { type: 'token', id: token.id }, { name });
    return token;
  }

  @Delete('tokens/:id')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  async revokeToken(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.auth.revokeToken(principal.id, id);
    await this.audit.record(principal, 'token.revoked', { type: 'token', id });
  }
}
