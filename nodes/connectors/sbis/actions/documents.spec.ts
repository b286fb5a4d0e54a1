import { InputError, RemoteError, runNode } from '../../../sdk';
import type { SbisSimulator } from '../simulator';
import { COUNTERPARTY, nodeContext, resetSessions, startSbis } from '../spec-support';
import { sbisDownloadFile } from './download-file';
import { sbisFindCounterparty } from './find-counterparty';
import { sbisGetDocument } from './get-document';

describe('SBIS document reads', () => {
  let sim: SbisSimulator;
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => (sim = await startSbis()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    resetSessions();
    sim.requests.length = 0;
    sim.documents.clear();
    sim.events.length = 0;
  });

  describe('sbis.getDocument', () => {
    const get = (documentId: string) => runNode(sbisGetDocument, { connection: 'sbis-main', documentId }, nodeContext(sim));

    it('reads the document with its state, counterparty, attachments and events', async () => {
      const doc = sim.seedSentDocument({ number: 'A-7' });
      sim.sign(doc.id);
      const { output } = await get(doc.id.toUpperCase());

      expect(sim.calls('СБИС.ПрочитатьДокумент')[0].body).toMatchObject({ params: { Документ: { Идентификатор: doc.id } } });
      expect(output).toMatchObject({
        id: doc.id, number: 'A-7', type: 'ДокОтгрИсх', direction: 'outgoing', deleted: false,
        state: { code: '7', name: 'Выполнение завершено успешно' }, signed: true, rejected: false, sendable: false,
        counterparty: { inn: COUNTERPARTY.inn, kpp: COUNTERPARTY.kpp, name: COUNTERPARTY.name, isPerson: false },
        attachments: [{ id: doc.attachments[0].id, name: 'act.pdf', service: false, signatures: [{ name: 'act.pdf.sgn' }] }],
        events: [{ name: 'Отправка' }, { name: 'Утверждение' }],
      });
      expect((output as { events: { at: string }[] }).events[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('recognises a rejected document by its state name', async () => {
      const doc = sim.seedSentDocument();
      sim.reject(doc.id);

      expect((await get(doc.id)).output).toMatchObject({ signed: false, rejected: true, state: { name: 'Отклонен' } });
    });

    it('reports an unknown document as bad input on documentId', async () => {
      const error = await failure(get('11111111-2222-4333-8444-555555555555'));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'documentId' });
    });

    it('refuses an id that is not a UUID before calling SBIS', async () => {
      const error = await failure(get('A-1042'));

      expect(error).toMatchObject({ field: 'documentId' });
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe('sbis.downloadFile', () => {
    const download = (params: Record<string, unknown>) => runNode(sbisDownloadFile, { connection: 'sbis-main', ...params }, nodeContext(sim));

    it('downloads the signed file and its signature with the session, as attachments later steps can use', async () => {
      const doc = sim.seedSentDocument({ attachments: [{ id: 'f1f1f1f1-0000-4000-8000-000000000001', name: 'act-7.pdf', content: Buffer.from('%PDF act 7'), service: false }] });
      sim.sign(doc.id);
      const { output } = await download({ documentId: doc.id, withSignature: true });

      expect(output).toEqual({
        documentId: doc.id,
        signed: true,
        file: { filename: 'act-7.pdf', contentBase64: Buffer.from('%PDF act 7').toString('base64'), contentType: 'application/pdf', size: 10 },
        signature: { filename: 'act-7.pdf.sgn', contentBase64: Buffer.from('CMS signature of act-7.pdf').toString('base64'), contentType: 'application/pkcs7-signature', size: 26 },
      });
      const gets = sim.requests.filter((r) => r.method === 'GET');
      expect(gets.map((r) => r.path)).toEqual([`/disk/api/v1/${doc.id}/f1f1f1f1-0000-4000-8000-000000000001`, `/disk/api/v1/${doc.id}/f1f1f1f1-0000-4000-8000-000000000001/signature`]);
      expect(gets.every((r) => sim.sessions.has(r.headers['x-sbissessionid']))).toBe(true);
    });

    it('renews a session SBIS refuses for a download, once, and fetches the file', async () => {
      const doc = sim.seedSentDocument();
      sim.sign(doc.id);
      sim.injectFault({ status: 401, pathPrefix: '/disk/', body: 'Not authorized.' });

      const { output } = await download({ documentId: doc.id });

      expect(output).toMatchObject({ signed: true, file: { filename: 'act.pdf' } });
      expect(sim.calls('СБИС.Аутентифицировать')).toHaveLength(2);
      const gets = sim.requests.filter((r) => r.method === 'GET');
      expect(gets).toHaveLength(2);
      expect(gets[1].headers['x-sbissessionid']).not.toBe(gets[0].headers['x-sbissessionid']);
    });

    it('refuses a document that is not signed yet, unless told to take it as it is', async () => {
      const doc = sim.seedSentDocument();

      expect(await failure(download({ documentId: doc.id }))).toMatchObject({ field: 'documentId', message: expect.stringContaining('not signed yet') });
      expect((await download({ documentId: doc.id, requireSigned: false })).output).toMatchObject({ signed: false, file: { filename: 'act.pdf' } });
    });

    it('picks an attachment by name or id, and names the param when there is no such attachment', async () => {
      const doc = sim.seedSentDocument({
        attachments: [
          { id: 'a0000000-0000-4000-8000-000000000001', name: 'notice.xml', content: Buffer.from('<x/>'), service: true },
          { id: 'a0000000-0000-4000-8000-000000000002', name: 'act.pdf', content: Buffer.from('%PDF'), service: false },
          { id: 'a0000000-0000-4000-8000-000000000003', name: 'annex.pdf', content: Buffer.from('%PDF annex'), service: false },
        ],
      });
      sim.sign(doc.id);

      expect((await download({ documentId: doc.id })).output).toMatchObject({ file: { filename: 'act.pdf' } });
      expect((await download({ documentId: doc.id, attachment: 'annex.pdf' })).output).toMatchObject({ file: { filename: 'annex.pdf' } });
      expect((await download({ documentId: doc.id, attachment: 'a0000000-0000-4000-8000-000000000001' })).output).toMatchObject({ file: { filename: 'notice.xml' } });
      const error = await failure(download({ documentId: doc.id, attachment: 'invoice.pdf' }));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'attachment' });
    });

    it('reports a file link that has expired as a remote error that is not retried', async () => {
      const doc = sim.seedSentDocument();
      sim.sign(doc.id);
      sim.injectFault({ status: 404, pathPrefix: '/disk/' });

      const error = await failure(download({ documentId: doc.id }));
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ status: 404, retryable: false });
    });
  });

  describe('sbis.findCounterparty', () => {
    const find = (params: Record<string, unknown>) => runNode(sbisFindCounterparty, { connection: 'sbis-main', ...params }, nodeContext(sim));

    beforeAll(() => {
      sim.addCounterparty({ ...COUNTERPARTY, id: 'c0ffee00-0000-4000-8000-000000000001', edoIds: ['2BE0001'] });
      sim.addCounterparty({ inn: '500100732259', name: 'ИП Петров Пётр Петрович' });
    });

    it('looks a company up by INN and KPP', async () => {
      const { output } = await find({ inn: COUNTERPARTY.inn, kpp: COUNTERPARTY.kpp });

      expect(sim.calls('СБИС.ИнформацияОКонтрагенте')[0].body).toMatchObject({
        params: { Участник: { СвЮЛ: { ИНН: COUNTERPARTY.inn, КПП: COUNTERPARTY.kpp }, ДопПоля: 'СписокИдентификаторов' } },
      });
      expect(output).toEqual({
        found: true, inn: COUNTERPARTY.inn, kpp: COUNTERPARTY.kpp, name: COUNTERPARTY.name, isPerson: false, id: 'c0ffee00-0000-4000-8000-000000000001', edoIds: ['2BE0001'],
      });
    });

    it('looks an entrepreneur up by a 12-digit INN', async () => {
      const { output } = await find({ inn: '500100732259' });

      expect(sim.calls('СБИС.ИнформацияОКонтрагенте')[0].body).toMatchObject({ params: { Участник: { СвФЛ: { ИНН: '500100732259' } } } });
      expect(output).toMatchObject({ found: true, isPerson: true, kpp: null });
    });

    it('answers found: false for an organisation SBIS does not know', async () => {
      expect((await find({ inn: '7728168971', kpp: '770101001' })).output).toMatchObject({ found: false, inn: '7728168971', name: null });
    });

    it('refuses a mistyped INN before calling SBIS', async () => {
      expect(await failure(find({ inn: '7728168972', kpp: '770101001' }))).toMatchObject({ field: 'inn' });
      expect(sim.requests).toHaveLength(0);
    });
  });
});
