import { ZodBody, ZodResponse } from '../../common/openapi';
import { userAnswer } from './users.responses';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { Roles, type Principal } from '../auth/roles';
import { UsersService } from './users.service';

const createSchema = z.object({ email: z.email(), name: z.string().max(200).optional(), password: z.string().max(1000), roles: z.array(z.string()) });
const updateSchema = z.object({ roles: z.array(z.string()).optional(), disabled: z.boolean().optional(), password: z.string().max(1000).optional() });

@ApiTags('users')
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService, private readonly audit: AuditService) {}

  @Get()
  @ZodResponse(z.array(userAnswer))
  list() {
    return this.users.list();
  }

  @Post()
  @ZodResponse(userAnswer, { status: 201 })
  @ZodBody(createSchema)
  @ApiOperation({ summary: 'Create a user with roles admin, analyst and/or manager' })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const user = await this.users.create(parseInput(createSchema, body));
    await this.audit.record(actor, 'user.created', { type: 'user', id: user.id }, { email: user.email, roles: user.roles });
    return user;
  }

  @Patch(':id')
  @ZodResponse(userAnswer)
  @ZodBody(updateSchema)
  @ApiOperation({ summary: 'Change roles, disable, or reset the password (revokes sessions and tokens)' })
  async update(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const patch = parseInput(updateSchema, body);
    const { before, after } = await this.users.update(id, patch);
    if (patch.roles) await this.audit.record(actor, 'user.roles_changed', { type: 'user', id }, { from: before.roles, to: after.roles });
    if (patch.disabled !== undefined && patch.disabled !== before.disabled) await this.audit.record(actor, patch.disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id });
    return after;
  }
}
