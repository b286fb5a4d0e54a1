import { receiveTrigger, type AnyNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { hookRequest, startBitrix24, triggerContext } from '../spec-support';
import { bitrix24InvoiceCreated } from './invoice-created';
import { bitrix24InvoicePaid } from './invoice-paid';
import { bitrix24InvoiceStageChanged } from './invoice-stage-changed';
import { bitrix24TaskCompleted } from './task-completed';
import { bitrix24TaskUpdated } from './task-updated';

const params = { connection: 'b24', path: 'bitrix24/7c1e9a40b2d35f68' };

describe('Bitrix24 smart invoice and task triggers', () => {
  let sim: Bitrix24Simulator;
  let ctx: ReturnType<typeof triggerContext>;
  const run = async (node: AnyNode, body: string, extra: Record<string, unknown> = {}) => receiveTrigger(node, hookRequest(body), { ...params, ...extra }, ctx);
  const invoiceUpdate = () => sim.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1201);

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.invoices.clear();
    sim.tasks.clear();
    sim.addInvoice({ id: 1201, stageId: 'DT31_1:N', opportunity: 150000, parentId2: 410 });
    sim.addTask({ id: '3711', title: 'Prepare the act', status: '3', ufCrmTask: ['D_410', 'SI_1201'] });
    ctx = triggerContext(sim);
  });

  it('re-reads a created invoice with its deal and stage', async () => {
    const [run1] = await run(bitrix24InvoiceCreated, sim.invoiceEvent('ONCRMDYNAMICITEMADD', 1201));

    expect(run1.output).toMatchObject({ invoice: { id: 1201, dealId: 410, opportunity: 150000, stageId: 'DT31_1:N', paid: false }, event: { entityTypeId: 31 } });
    expect(run1.businessKey).toBe('1201');
  });

  it('starts on an invoice status change only, optionally into the chosen status', async () => {
    expect(await run(bitrix24InvoiceStageChanged, invoiceUpdate())).toHaveLength(1);
    expect(await run(bitrix24InvoiceStageChanged, invoiceUpdate())).toEqual([]);
    sim.moveInvoice(1201, 'DT31_1:S');
    const [sent] = await run(bitrix24InvoiceStageChanged, invoiceUpdate(), { stageId: 'DT31_1:S' });

    expect(sent.output).toMatchObject({ stage: { id: 'DT31_1:S', previousId: 'DT31_1:N' } });
  });

  it('starts "paid" once, when the invoice reaches the success stage, and records invoice.paid', async () => {
    expect(await run(bitrix24InvoicePaid, invoiceUpdate())).toEqual([]);
    sim.moveInvoice(1201, 'DT31_1:S');
    expect(await run(bitrix24InvoicePaid, invoiceUpdate())).toEqual([]);
    sim.moveInvoice(1201, 'DT31_1:P');
    const paid = await run(bitrix24InvoicePaid, invoiceUpdate());
    sim.invoices.get(1201)!.title = 'Edited after payment';
    const edited = await run(bitrix24InvoicePaid, invoiceUpdate());

    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      output: { invoice: { id: 1201, paid: true, stageSemantic: 'S' }, stage: { id: 'DT31_1:P', previousId: 'DT31_1:S' } },
      event: { type: 'bitrix24.invoice.paid', key: '1201', data: { invoiceId: 1201, dealId: 410, amount: 150000 } },
    });
    expect(edited).toEqual([]);
  });

  it('tells "paid" from the stage list when the invoice does not carry its semantics', async () => {
    sim.moveInvoice(1201, 'DT31_1:P');
    sim.itemsCarrySemantics = false;
    const [paid] = await run(bitrix24InvoicePaid, invoiceUpdate());
    sim.itemsCarrySemantics = true;

    expect(paid.output).toMatchObject({ invoice: { paid: true, stageSemantic: 'S' } });
    expect(sim.calls.at(-1)).toMatchObject({ method: 'crm.status.list', params: { filter: { ENTITY_ID: 'SMART_INVOICE_STAGE_1' } } });
  });

  it('re-reads an updated task with its CRM links', async () => {
    const [updated] = await run(bitrix24TaskUpdated, sim.taskEvent(3711));

    expect(updated.output).toMatchObject({ task: { id: 3711, status: 3, completed: false, crm: ['D_410', 'SI_1201'], dealIds: [410] } });
  });

  it('starts "task completed" when the status becomes 5, not on later edits, and again after a reopen', async () => {
    expect(await run(bitrix24TaskCompleted, sim.taskEvent(3711))).toEqual([]);
    sim.setTaskStatus(3711, 5);
    const done = await run(bitrix24TaskCompleted, sim.taskEvent(3711));
    const edit = await run(bitrix24TaskCompleted, sim.taskEvent(3711));
    sim.setTaskStatus(3711, 3);
    await run(bitrix24TaskCompleted, sim.taskEvent(3711));
    sim.setTaskStatus(3711, 5);
    const again = await run(bitrix24TaskCompleted, sim.taskEvent(3711));

    expect(done).toHaveLength(1);
    expect(done[0].output).toMatchObject({ task: { completed: true, closedDate: expect.any(String) } });
    expect(edit).toEqual([]);
    expect(again).toHaveLength(1);
  });

  it('ignores a task the webhook user can no longer see', async () => {
    sim.tasks.clear();

    expect(await run(bitrix24TaskUpdated, sim.taskEvent(3711))).toEqual([]);
    expect(ctx.warnings).toEqual(['Task 3711 from a Bitrix24 event no longer exists']);
  });
});
