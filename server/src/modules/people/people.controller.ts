import { ZodBody, ZodResponse } from '../../common/openapi';
import { isoDate } from '../flows/flows.responses';
import { Body, Controller, Get, HttpCode, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Public, Roles, type Principal } from '../auth/roles';
import { approvalPage, closedPage, decidedPage, formPage, messagePage, pageLang } from './pages';
import { PeopleService } from './people.service';

const answerSchema = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() });

/** Sends an HTML page for a failure a person can understand; API errors keep their JSON shape elsewhere. */
const pendingApprovalAnswer = z.object({
  runId: z.uuid(), nodeId: z.string(), flowId: z.uuid(), flowName: z.string(), title: z.string(), details: z.string().nullable(),
  quorum: z.number().int(), veto: z.boolean(), since: isoDate, timeoutAt: isoDate.nullable(),
});
const approvalAnswer = z.object({
  decision: z.enum(['approved', 'rejected', 'pending']),
  answers: z.array(z.object({ approver: z.string(), decision: z.enum(['approve', 'reject']), comment: z.string().nullable(), answeredAt: isoDate })),
});

function htmlFailure(res: Response, error: unknown, lang: ReturnType<typeof pageLang>): void {
  const status = error instanceof HttpException ? error.getStatus() : 500;
  if (status === 500) throw error;
  res.status(status).type('html').send(status === 410 ? closedPage(lang) : messagePage((error as Error).message));
}

/** Public by design: a signed link is the credential, bound to its run, node and (for approvals) approver. */
@ApiTags('people')
@Controller()
@Public()
export class PeopleLinksController {
  constructor(private readonly people: PeopleService) {}

  @Get('forms/:runId/:nodeId')
  @ApiOperation({ summary: 'The form page behind a signed link (HTML)' })
  async formPage(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Query('sig') sig: unknown, @Req() req: Request, @Res() res: Response) {
    const lang = pageLang(req.headers['accept-language']);
    try {
      const spec = await this.people.form(runId, nodeId, sig);
      const nonce = randomBytes(16).toString('base64');
      res.setHeader('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
      res.type('html').send(formPage(spec, lang, nonce));
    } catch (error) {
      htmlFailure(res, error, lang);
    }
  }

  @Post('forms/:runId/:nodeId')
  @ZodResponse(z.object({ submittedAt: isoDate }))
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a form ({ answers }); the run waiting for it goes on' })
  submitForm(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Query('sig') sig: unknown, @Body() body: unknown) {
    return this.people.submitForm(runId, nodeId, sig, body);
  }

  @Get('approve/:runId/:nodeId')
  @ApiOperation({ summary: 'The approval page behind a signed link (HTML)' })
  async approvalPage(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Query('approver') approver: unknown, @Query('sig') sig: unknown, @Req() req: Request, @Res() res: Response) {
    const lang = pageLang(req.headers['accept-language']);
    try {
      res.type('html').send(approvalPage(await this.people.approvalByLink(runId, nodeId, String(approver ?? ''), sig), lang));
    } catch (error) {
      htmlFailure(res, error, lang);
    }
  }

  @Post('approve/:runId/:nodeId')
  @ZodBody(answerSchema)
  @ApiOperation({ summary: 'Approve or reject from a signed link (form post or JSON { decision, comment })' })
  async answerByLink(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Query('approver') approver: unknown, @Query('sig') sig: unknown, @Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const lang = pageLang(req.headers['accept-language']);
    const email = String(approver ?? '');
    const input = parseInput(answerSchema, body);
    await this.people.approvalByLink(runId, nodeId, email, sig);
    const result = await this.people.answer(runId, nodeId, { email, roles: [] }, input, 'link');
    if ((req.headers.accept ?? '').includes('text/html')) res.type('html').send(decidedPage(lang));
    else res.status(200).json(result);
  }
}

@ApiTags('people')
@Controller('api/approvals')
@Roles(...ANY_ROLE)
export class ApprovalsController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ZodResponse(z.array(pendingApprovalAnswer))
  @ApiOperation({ summary: 'Approvals waiting for me (by e-mail or role)' })
  pending(@CurrentPrincipal() me: Principal) {
    return this.people.pendingFor(me);
  }

  @Post(':runId/:nodeId')
  @ZodResponse(approvalAnswer)
  @ZodBody(answerSchema)
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject ({ decision: approve | reject, comment })' })
  answer(@CurrentPrincipal() me: Principal, @Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: unknown) {
    return this.people.answer(runId, nodeId, me, parseInput(answerSchema, body), 'app');
  }
}
