import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, RemoteError, runNode } from '../../../sdk';
import { documentIdFor } from '../api';
import type { SbisSimulator } from '../simulator';
import { COUNTERPARTY, nodeContext, PDF, resetSessions, startSbis } from '../spec-support';
import { sbisSendDocument } from './send-document';

const NOW = new Date('2026-03-02T22:30:00.000Z'); // already 3 March in Moscow
const KEY = 'run-7:send-act:0';
const WRITE = 'СБИС.ЗаписатьДокумент';
const PREPARE = 'СБИС.ПодготовитьДействие';
const EXECUTE = 'СБИС.ВыполнитьДействие';

describe('sbis.sendDocument', () => {
  let sim: SbisSimulator;
  const send = (params: Record<string, unknown> = {}, options: { attempt?: number; key?: string; connection?: Record<string, string> } = {}) =>
    runNode(sbisSendDocument, {
      connection: 'sbis-main', number: 'A-1042', counterpartyInn: COUNTERPARTY.inn, counterpartyKpp: COUNTERPARTY.kpp, file: PDF, ...params,
    }, nodeContext(sim, { attempt: options.attempt ?? 1, idempotencyKey: options.key ?? KEY, now: () => NOW, connection: options.connection }));
  const methods = () => sim.requests.map((r) => (r.body as { method?: string } | undefined)?.method);
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => (sim = await startSbis()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    resetSessions();
    sim.requests.length = 0;
    sim.documents.clear();
    sim.clearFaults();
  });

  it('writes the document, prepares the send and executes it, in that order', async () => {
    const { output } = await send({ comment: 'Акт за февраль', counterpartyName: COUNTERPARTY.name, documentType: 'ДокОтгрИсх' });
    const id = documentIdFor(KEY);

    expect(methods()).toEqual(['СБИС.Аутентифицировать', WRITE, PREPARE, EXECUTE]);
    const [, write, prepare, execute] = sim.requests;
    expect((write.body as { params: unknown }).params).toEqual({
      Документ: {
        Идентификатор: id,
        Тип: 'ДокОтгрИсх',
        Дата: '03.03.2026',
        Номер: 'A-1042',
        Примечание: 'Акт за февраль',
        Редакция: { ПримечаниеИС: `flowbridge:${KEY}` },
        НашаОрганизация: { СвЮЛ: { ИНН: sim.ourInn, КПП: sim.ourKpp } },
        Контрагент: { СвЮЛ: { ИНН: COUNTERPARTY.inn, КПП: COUNTERPARTY.kpp, Название: COUNTERPARTY.name } },
        Вложение: [{ Идентификатор: documentIdFor(KEY, 'attachment'), Файл: { Имя: 'act-1042.pdf', ДвоичныеДанные: PDF.contentBase64 } }],
      },
    });
    expect((prepare.body as { params: unknown }).params).toEqual({ Документ: { Идентификатор: id, Этап: { Название: 'Отправка', Действие: { Название: 'Отправить' } } } });
    expect((execute.body as { params: unknown }).params).toEqual({
      Документ: { Идентификатор: id, Этап: { Название: 'Отправка', Действие: { Название: 'Отправить', Комментарий: 'Акт за февраль' } } },
    });
    expect(sim.documents.get(id)).toMatchObject({ stage: 'sent', number: 'A-1042' });
    expect(sim.documents.get(id)!.attachments[0].content.toString()).toBe('%PDF-1.4 act 1042');
    expect(output).toMatchObject({
      id, number: 'A-1042', date: '2026-03-03', state: { code: '2', name: 'Отправлен' }, signed: false, rejected: false, sendable: false, resumed: false,
      counterparty: { inn: COUNTERPARTY.inn, kpp: COUNTERPARTY.kpp, isPerson: false },
    });
  });

  it('sends to an individual entrepreneur by a 12-digit INN, without KPP', async () => {
    await send({ counterpartyInn: '500100732259', counterpartyKpp: '' });

    const write = sim.calls(WRITE)[0].body as { params: { Документ: { Контрагент: unknown } } };
    expect(write.params.Документ.Контрагент).toEqual({ СвФЛ: { ИНН: '500100732259' } });
  });

  it('takes the document date as the calendar day given, and the certificate from the connection', async () => {
    await send({ date: '2026-02-28' }, { connection: { certificateThumbprint: 'AB 12 CD 34' } });

    expect((sim.calls(WRITE)[0].body as { params: { Документ: { Дата: string } } }).params.Документ.Дата).toBe('28.02.2026');
    for (const method of [PREPARE, EXECUTE]) {
      expect((sim.calls(method)[0].body as { params: { Документ: { Этап: { Действие: unknown } } } }).params.Документ.Этап.Действие).toMatchObject({ Сертификат: { Отпечаток: 'AB12CD34' } });
    }
  });

  describe('a file given by URL', () => {
    let files: Server;
    let base = '';
    const served: { path: string; headers: Record<string, unknown> }[] = [];

    beforeAll(async () => {
      files = createServer((req, res) => {
        served.push({ path: req.url ?? '', headers: req.headers });
        if (req.url === '/act.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 from url');
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

    it('is fetched without any SBIS credential and sent as base64', async () => {
      await send({ file: { filename: 'act.pdf', url: `${base}/act.pdf` } });

      const write = sim.calls(WRITE)[0].body as { params: { Документ: { Вложение: { Файл: { ДвоичныеДанные: string } }[] } } };
      expect(Buffer.from(write.params.Документ.Вложение[0].Файл.ДвоичныеДанные, 'base64').toString()).toBe('%PDF-1.4 from url');
      expect(served.at(-1)!.headers['x-sbissessionid']).toBeUndefined();
    });

    it('that is missing fails as bad input on file.url before anything is written', async () => {
      const error = await failure(send({ file: { filename: 'act.pdf', url: `${base}/gone.pdf` } }));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'file.url' });
      expect(sim.calls(WRITE)).toHaveLength(0);
    });
  });

  describe('idempotency', () => {
    it('a retry after the send went through finds the sent document and sends nothing again', async () => {
      const first = await send();
      sim.requests.length = 0;
      const retry = await send({}, { attempt: 2 });

      expect(sim.documents.size).toBe(1);
      expect(methods()).toEqual(['СБИС.ПрочитатьДокумент']);
      expect(retry.output).toMatchObject({ id: (first.output as { id: string }).id, resumed: true, state: { code: '2' } });
    });

    it('a retry after the send was interrupted completes the same draft instead of writing a second document', async () => {
      sim.injectRpcError(EXECUTE, { code: -32603, message: 'Internal error' });
      const error = await failure(send());
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ retryable: true });
      sim.requests.length = 0;

      const retry = await send({}, { attempt: 2 });

      expect(sim.documents.size).toBe(1);
      expect(methods()).toEqual(['СБИС.ПрочитатьДокумент', PREPARE, EXECUTE]);
      expect(retry.output).toMatchObject({ id: documentIdFor(KEY), state: { code: '2' }, resumed: true });
    });

    it('a retry that finds nothing (the write was lost) writes the document under the same id', async () => {
      sim.injectRpcError(WRITE, { code: -32000, message: 'Сервис временно недоступен' });
      await failure(send());

      await send({}, { attempt: 2 });

      expect([...sim.documents.keys()]).toEqual([documentIdFor(KEY)]);
    });

    it('a re-run that does not count as a new attempt still finds its sent document instead of failing', async () => {
      await send();
      sim.requests.length = 0;
      const again = await send();

      expect(sim.documents.size).toBe(1);
      expect(methods()).toEqual([WRITE, 'СБИС.ПрочитатьДокумент']);
      expect(again.output).toMatchObject({ id: documentIdFor(KEY), resumed: true });
    });

    it('another step (another idempotency key) sends another document', async () => {
      await send();
      await send({}, { key: 'run-8:send-act:0' });

      expect(sim.documents.size).toBe(2);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a mistyped INN', { counterpartyInn: '7707083894' }, 'counterpartyInn'],
      ['an INN of the wrong length', { counterpartyInn: '77070838' }, 'counterpartyInn'],
      ['a company without KPP', { counterpartyKpp: '' }, 'counterpartyKpp'],
      ['a malformed KPP', { counterpartyKpp: '77360100' }, 'counterpartyKpp'],
      ['a date that is not one', { date: 'soon' }, 'date'],
      ['a file that is not an object', { file: 'act.pdf' }, 'file'],
      ['a file without a name', { file: { contentBase64: PDF.contentBase64 } }, 'file.filename'],
      ['a file with both content and URL', { file: { ...PDF, url: 'https://example.com/a.pdf' } }, 'file'],
      ['content that is not base64', { file: { filename: 'a.pdf', contentBase64: 'not base64!' } }, 'file.contentBase64'],
      ['a file over 10 MB', { file: { filename: 'a.pdf', contentBase64: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') } }, 'file'],
    ])('refuses %s naming the param, before calling SBIS', async (_case, params, field) => {
      const error = await failure(send(params));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field });
      expect(sim.requests).toHaveLength(0);
    });

    it('names the param behind a field SBIS refuses', async () => {
      sim.injectRpcError(WRITE, { code: -32602, message: 'Неверные параметры', details: 'Поле «Контрагент.СвЮЛ.ИНН»: организация ликвидирована' });
      const error = await failure(send());

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'counterpartyInn', message: expect.stringContaining('организация ликвидирована') });
    });

    it('reports a connection whose own INN is wrong as a configuration problem', async () => {
      const error = await failure(send({}, { connection: { ourInn: '123' } }));

      expect(error.constructor.name).toBe('ConfigError');
      expect(sim.requests).toHaveLength(0);
    });
  });
});
