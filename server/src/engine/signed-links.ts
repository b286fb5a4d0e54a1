import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { PeopleLinks } from '@flowbridge/nodes/sdk';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * Links people open without an account: a form for a counterparty, an approval for a head of
 * department. The signature binds run, node and (for approvals) the approver, so a link answers
 * for exactly one person and one question.
 */
@Injectable()
export class SignedLinks {
  private readonly key: Buffer;
  private readonly base: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.secretKey, 'flowbridge', 'people-links-v1', 32));
    this.base = config.publicUrl.replace(/\/+$/, '');
  }

  private sign(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\n')).digest('base64url').slice(0, 32);
  }

  formUrl(runId: string, nodeId: string): string {
    return `${this.base}/forms/${runId}/${encodeURIComponent(nodeId)}?sig=${this.sign('form', runId, nodeId)}`;
  }

  approvalUrl(runId: string, nodeId: string, approver: string): string {
    return `${this.base}/approve/${runId}/${encodeURIComponent(nodeId)}?approver=${encodeURIComponent(approver)}&sig=${this.sign('approval', runId, nodeId, approver)}`;
  }

  forNode(runId: string, nodeId: string): PeopleLinks {
    return { form: () => this.formUrl(runId, nodeId), approval: (approver) => this.approvalUrl(runId, nodeId, approver) };
  }

  verify(sig: unknown, ...parts: string[]): boolean {
    if (typeof sig !== 'string') return false;
    const expected = Buffer.from(this.sign(...parts));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
