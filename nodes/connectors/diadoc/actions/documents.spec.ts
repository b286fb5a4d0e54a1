import { InputError, runNode } from '../../../sdk';
import type { DiadocSimulator } from '../simulator';
import { nodeContext, PDF, resetTokens, SIGNATURE, startDiadoc } from '../spec-support';
import { diadocFindCounterparty } from './find-counterparty';
import { diadocGetDocument } from './get-document';
import { diadocGetMessage } from './get-message';
import { diadocGetMyOrganizations } from './get-my-organizations';
import { diadocSendDocument } from './send-document';

const ROMASHKA = { inn: '7707083893', kpp: '773601001' };

describe('Diadoc document actions', () => {
  let sim: DiadocSimulator;
  const ctx = (overrides: Parameters<typeof nodeContext>[1] = {}) => nodeContext(sim, overrides);
  const posts = () => sim.requests.filter((r) => r.path === '/V3/PostMessage');
  const send = (params: Record<string, unknown> = {}, overrides: Parameters<typeof nodeContext>[1] = {}) =>
    runNode(diadocSendDocument, { connection: 'c', file: PDF, counterpartyInn: ROMASHKA.inn, counterpartyKpp: ROMASHKA.kpp, signature: SIGNATURE, ...params }, ctx(overrides));
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => (sim = await startDiadoc()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    resetTokens();
  });

  describe('diadoc.sendDocument', () => {
    it('posts the file from an upstream step to the counterparty\'s box found by INN and KPP, with our ids for retries', async () => {
      const { output } = await send({ number: 'A-1042', date: '02.03.2026', comment: 'Акт за март' });

      const [post] = posts();
      expect(post.query.operationId).toMatch(/^[0-9a-f]{32}$/);
      expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(post.body).toEqual({
        FromBoxId: sim.ourBoxId,
        ToBoxId: sim.counterparty.Boxes[0].BoxId,
        IsDraft: false,
        DocumentAttachments: [{
          SignedContent: { Content: PDF.contentBase64, Signature: SIGNATURE },
          TypeNamedId: 'Nonformalized',
          Metadata: [{ Key: 'FileName', Value: 'act-1042.pdf' }, { Key: 'DocumentNumber', Value: 'A-1042' }, { Key: 'DocumentDate', Value: '02.03.2026' }],
          Comment: 'Акт за март',
          CustomDocumentId: expect.stringMatching(/^[0-9a-f]{32}$/),
          NeedRecipientSignature: true,
        }],
      });
      const message = [...sim.messages.values()][0];
      expect(output).toMatchObject({
        messageId: message.messageId,
        fromBoxId: sim.ourBoxId,
        toBoxId: sim.counterparty.Boxes[0].BoxId,
        draft: false,
        resumed: false,
        document: { entityId: message.documents[0].entityId, fileName: 'act-1042.pdf', recipientResponseStatus: 'WaitingForRecipientSignature', signed: false, direction: 'outbound' },
      });
      expect(sim.requests.map((r) => r.path)).toContain('/GetOrganizationsByInnKpp');
    });

    it('leaves the document as a draft when no signature is given', async () => {
      const { output } = await send({ signature: '' });

      expect(posts()[0].body).toMatchObject({ IsDraft: true, DocumentAttachments: [{ SignedContent: { Content: PDF.contentBase64 } }] });
      expect(output).toMatchObject({ draft: true, isDraft: true });
    });

    it('a retry of the step finds the message the first attempt posted and posts nothing again', async () => {
      const first = await send({}, { idempotencyKey: 'run-7:send:0' });
      const again = await send({}, { idempotencyKey: 'run-7:send:0', attempt: 2 });

      expect(posts()).toHaveLength(1);
      expect(again.output).toMatchObject({ messageId: (first.output as { messageId: string }).messageId, resumed: true });
    });

    it('a re-run under the same attempt meets Diadoc\'s 409 for the operation id and answers with that message', async () => {
      const first = await send({}, { idempotencyKey: 'run-8:send:0' });
      const again = await send({}, { idempotencyKey: 'run-8:send:0' });

      expect(posts()).toHaveLength(2);
      expect(sim.messages.size).toBe(1);
      expect(again.output).toMatchObject({ messageId: (first.output as { messageId: string }).messageId, resumed: true });
    });

    it('sends to a box id without looking the INN up', async () => {
      await send({ counterpartyInn: '', toBoxId: sim.organizations[2].Boxes[0].BoxId });
      expect(posts()[0].body).toMatchObject({ ToBoxId: sim.organizations[2].Boxes[0].BoxId });
      expect(sim.requests.map((r) => r.path)).not.toContain('/GetOrganizationsByInnKpp');
    });

    it.each([
      [{ file: { filename: 'a.pdf' } }, 'file.contentBase64'],
      [{ file: 'act.pdf' }, 'file'],
      [{ file: { filename: '', contentBase64: 'QQ==' } }, 'file.filename'],
      [{ counterpartyInn: '7707083894' }, 'counterpartyInn'],
      [{ counterpartyInn: '', toBoxId: '' }, 'counterpartyInn'],
      [{ counterpartyKpp: '77360100' }, 'counterpartyKpp'],
      [{ toBoxId: 'not a box' }, 'toBoxId'],
      [{ signature: 'не base64' }, 'signature'],
      [{ date: '2026-03-02' }, 'date'],
      [{ number: 'N'.repeat(101) }, 'number'],
    ])('refuses bad input %j before calling Diadoc, naming %s', async (params, field) => {
      const error = await failure(send(params));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field });
      expect(posts()).toHaveLength(0);
    });

    it('names the INN when the counterparty has no Diadoc box', async () => {
      const error = await failure(send({ counterpartyInn: '7736050003', counterpartyKpp: '773601002' }));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'counterpartyInn' });
    });

    it('keeps the credentials out of its output', async () => {
      const { output } = await send();
      const shown = JSON.stringify(output);
      for (const secret of [sim.password, sim.apiClientId, ...sim.tokens.keys()]) expect(shown).not.toContain(secret);
    });
  });

  describe('reading', () => {
    it('gets a message with its documents, and one document with its status once signed', async () => {
      const sent = (await send()).output as { messageId: string; document: { entityId: string } };
      sim.sign(sent.messageId);

      const { output: message } = await runNode(diadocGetMessage, { connection: 'c', messageId: sent.messageId }, ctx());
      expect(message).toMatchObject({ messageId: sent.messageId, documents: [{ entityId: sent.document.entityId, signed: true, recipientResponseStatus: 'WithRecipientSignature' }] });
      const { output: document } = await runNode(diadocGetDocument, { connection: 'c', messageId: sent.messageId, entityId: sent.document.entityId }, ctx());
      expect(document).toMatchObject({ signed: true, rejected: false, status: 'Подписан контрагентом' });
    });

    it('an unknown message or document is bad input naming its param', async () => {
      const missing = crypto.randomUUID();
      expect(await failure(runNode(diadocGetMessage, { connection: 'c', messageId: missing }, ctx()))).toMatchObject({ constructor: InputError, field: 'messageId' });
      expect(await failure(runNode(diadocGetMessage, { connection: 'c', messageId: 'abc' }, ctx()))).toMatchObject({ constructor: InputError, field: 'messageId' });
      expect(await failure(runNode(diadocGetDocument, { connection: 'c', messageId: missing, entityId: missing }, ctx()))).toMatchObject({ constructor: InputError, field: 'entityId' });
    });

    it('finds a counterparty by INN and KPP (a branch), and says when there is none', async () => {
      const { output: branch } = await runNode(diadocFindCounterparty, { connection: 'c', inn: '7707083893', kpp: '784201001' }, ctx());
      expect(branch).toMatchObject({ found: true, boxId: sim.organizations[2].Boxes[0].BoxId, count: 1 });
      const { output: any } = await runNode(diadocFindCounterparty, { connection: 'c', inn: '7707083893' }, ctx());
      expect(any).toMatchObject({ found: true, count: 2 });
      const { output: person } = await runNode(diadocFindCounterparty, { connection: 'c', inn: '500100732259' }, ctx());
      expect(person).toMatchObject({ found: true, organization: { name: 'ИП Иванов Иван Иванович', kpp: null } });
      const { output: unknown } = await runNode(diadocFindCounterparty, { connection: 'c', inn: '7728168971' }, ctx());
      expect(unknown).toEqual({ found: false, boxId: null, organization: null, count: 0 });
      expect(sim.requests.filter((r) => r.path === '/GetOrganizationsByInnKpp').map((r) => r.query)).toContainEqual({ inn: '7707083893', kpp: '784201001' });
    });

    it('lists our organisations and the box the other steps use', async () => {
      const { output } = await runNode(diadocGetMyOrganizations, { connection: 'c' }, ctx());
      expect(output).toEqual({ organizations: [expect.objectContaining({ inn: '7736050003', boxes: [{ boxId: sim.ourBoxId, title: 'ООО «Сервисный центр»' }] })], boxId: sim.ourBoxId });
      expect(sim.requests.filter((r) => r.path === '/GetMyOrganizations')).toHaveLength(1);
    });
  });
});
