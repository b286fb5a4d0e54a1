import { ZodResponse } from '../../common/openapi';
import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { DemoOutbox } from '../../demo/demo-outbox';
import { Roles } from '../auth/roles';

const outboxAnswer = z.array(z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'telegram']),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string().optional(),
  text: z.string(),
  html: z.string().optional(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })),
  receivedAt: z.string(),
}));

@ApiTags('demo')
@Controller('api/demo')
export class DemoController {
  constructor(private readonly outbox: DemoOutbox) {}

  @Get('outbox')
  @ZodResponse(outboxAnswer)
  // Those who draw flows check what their notifications said; managers read runs, not mail.
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'E-mails and Telegram messages the demo workspace’s local SMTP server and Telegram simulator received, newest first (at most 200)' })
  list(@Query() query: unknown) {
    const { channel } = parseInput(z.object({ channel: z.enum(['email', 'telegram']).optional() }), query, 'query');
    if (!this.outbox.running) throw new ApiError(HttpStatus.NOT_FOUND, 'demo_off', 'The demo workspace is not running (FLOWBRIDGE_DEMO=1 starts it), so there is no demo outbox');
    return this.outbox.list(channel);
  }
}
