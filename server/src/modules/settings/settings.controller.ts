import { z } from 'zod';
import { ZodBody, ZodResponse } from '../../common/openapi';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/parse-input';
import { Retention, retentionSettingsSchema } from '../../engine/retention/retention';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { Roles, type Principal } from '../auth/roles';

const retentionAnswer = z.object({ stepPayloadDays: z.number().int(), runDays: z.number().int() });

/** Workspace settings only admins change. */
@ApiTags('settings')
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly retention: Retention, private readonly audit: AuditService) {}

  @Get('retention')
  @ZodResponse(retentionAnswer)
  @Roles('admin')
  @ApiOperation({ summary: 'How long step inputs/outputs (stepPayloadDays) and runs (runDays) are kept' })
  getRetention() {
    return this.retention.settings();
  }

  @Put('retention')
  @ZodResponse(retentionAnswer)
  @ZodBody(retentionSettingsSchema)
  @Roles('admin')
  @ApiOperation({ summary: 'Change retention: { stepPayloadDays, runDays }; older data is pruned in batches by the workers' })
  async putRetention(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const before = await this.retention.settings();
    const saved = await this.retention.saveSettings(parseInput(retentionSettingsSchema, body), actor.id);
    await this.audit.record(actor, 'settings.retention_changed', { type: 'settings', id: 'retention' }, { before, after: saved });
    return saved;
  }
}
