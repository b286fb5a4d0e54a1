import type { INestApplication } from '@nestjs/common';
import { EasyCountSimulator } from '@flowbridge/nodes/connectors/easycount/simulator';
import { KommoSimulator } from '@flowbridge/nodes/connectors/kommo/simulator';
import { EmailSimulator } from '@flowbridge/nodes/connectors/email/simulator';
import { TelegramSimulator } from '@flowbridge/nodes/connectors/telegram/simulator';
import { NodeCatalog } from '../engine/node-catalog';
import { DEMO_PORTS } from './demo-ports';
import { DemoOutbox } from './demo-outbox';
import { ConnectionsService } from '../modules/connections/connections.service';
import { FlowsService } from '../modules/flows/flows.service';
import { TemplatesService } from '../modules/templates/templates.service';

/** Well-known values of the demo: they unlock only the local simulators, never a real system. */
export const DEMO = {
  kommoPort: DEMO_PORTS.kommo,
  easycountPort: DEMO_PORTS.easycount,
  kommoToken: 'demo-kommo-token',
  easycountKey: 'demo-easycount-key',
  smtpPort: DEMO_PORTS.smtp,
  smtpUser: 'demo',
  smtpPassword: 'demo-smtp-password',
  smtpFrom: 'Flowbridge demo <robot@flowbridge.local>',
  telegramPort: DEMO_PORTS.telegram,
  telegramToken: '7000000001:demo-telegram-bot-token',
  stripeSecret: 'whsec_demo_signing_secret',
  leadId: 1001,
  pipelineId: 7001,
  stages: { incoming: 70010000, toInvoice: 70010001, invoiceSent: 70010002, paid: 70010003 },
  fields: { paymentLink: 900003, invoiceNumber: 900004 },
} as const;

const FLOW_NAME = 'Invoice a deal and follow its payment';

/**
 * `npm start` on the embedded database: simulators of Kommo and EasyCount on loopback, their
 * connectors enabled, connections pointing at them, and the seed scenario published, so the
 * README's curl shows a deal getting its payment link. A local SMTP server and a Telegram
 * simulator catch what `core.notify` sends, for the "Demo outbox" page. Idempotent across restarts.
 */
export async function startDemoWorkspace(app: INestApplication): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const kommo = new KommoSimulator({ accessToken: DEMO.kommoToken });
  const easycount = new EasyCountSimulator({ apiKey: DEMO.easycountKey });
  // They keep nothing themselves (keep: 0): the outbox keeps a bounded copy without the attachment bytes.
  const smtp = new EmailSimulator({ user: DEMO.smtpUser, password: DEMO.smtpPassword, keep: 0 });
  const telegram = new TelegramSimulator({ botToken: DEMO.telegramToken, keep: 0 });
  await kommo.start(DEMO.kommoPort);
  await easycount.start(DEMO.easycountPort);
  await smtp.start(DEMO.smtpPort);
  await telegram.start(DEMO.telegramPort);
  const outbox = app.get(DemoOutbox);
  smtp.onMessage((email) => outbox.addEmail(email));
  telegram.onMessage((message) => outbox.addTelegram(message, `@${telegram.bot.username}`));
  outbox.running = true;
  kommo.addLead({ id: DEMO.leadId, name: 'Eilat tour for 2', price: 4500, pipeline_id: DEMO.pipelineId, status_id: DEMO.stages.incoming });

  const catalog = app.get(NodeCatalog);
  for (const key of ['kommo', 'easycount', 'stripe', 'email', 'telegram']) await catalog.setConnectorEnabled(key, true);

  const connections = app.get(ConnectionsService);
  const existing = await connections.list();
  const connection = async (connector: string, name: string, credentials: Record<string, string>) =>
    existing.find((c) => c.connector === connector && c.name === name)?.id ?? (await connections.create({ connector, name, credentials })).id;
  const kommoConnection = await connection('kommo', 'Kommo (demo simulator)', { baseUrl: kommo.url, accessToken: DEMO.kommoToken });
  const easycountConnection = await connection('easycount', 'EasyCount (demo simulator)', { baseUrl: easycount.url, apiKey: DEMO.easycountKey, developerEmail: 'demo@flowbridge.local' });
  const stripeConnection = await connection('stripe', 'Stripe (demo)', { webhookSecret: DEMO.stripeSecret });
  await connection('email', 'E-mail (demo outbox)', {
    host: '127.0.0.1', port: String(smtp.port), secure: 'false', user: DEMO.smtpUser, password: DEMO.smtpPassword, from: DEMO.smtpFrom,
  });
  await connection('telegram', 'Telegram (demo simulator)', { botToken: DEMO.telegramToken, baseUrl: telegram.url });

  const flows = app.get(FlowsService);
  if (!(await flows.list()).some((f) => f.name === FLOW_NAME)) {
    await app.get(TemplatesService).instantiate('kommo-easycount-invoice', {
      kommoConnection, easycountConnection, stripeConnection,
      pipelineId: DEMO.pipelineId, toInvoiceStatusId: DEMO.stages.toInvoice, invoiceSentStatusId: DEMO.stages.invoiceSent, paidStatusId: DEMO.stages.paid,
      paymentLinkFieldId: DEMO.fields.paymentLink, invoiceNumberFieldId: DEMO.fields.invoiceNumber,
      kommoHookPath: 'kommo/demo', stripeHookPath: 'stripe/demo',
    }, true);
  }
  return {
    lines: [
      `Demo: Kommo simulator ${kommo.url}, EasyCount simulator ${easycount.url}; flow "${FLOW_NAME}" listens on /hooks/kommo/demo`,
      `Demo outbox: e-mail to SMTP 127.0.0.1:${smtp.port} and Telegram to ${telegram.url} show on /demo/outbox`,
    ],
    async stop() {
      outbox.running = false;
      await Promise.all([kommo.stop(), easycount.stop(), smtp.stop(), telegram.stop()]);
    },
  };
}
