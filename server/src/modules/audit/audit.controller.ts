import { ZodResponse } from '../../common/openapi';
import { auditEntryAnswer } from './audit.responses';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { Roles } from '../auth/roles';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('api/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ZodResponse(z.array(auditEntryAnswer))
  @ApiOperation({ summary: 'Who changed what and when, newest first (admins)' })
  list(@Query() query: unknown) {
    return this.audit.list(parseInput(z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      action: z.string().max(100).optional(),
      actor: z.string().max(320).optional(),
      from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
      to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    }), query, 'query'));
  }
}
