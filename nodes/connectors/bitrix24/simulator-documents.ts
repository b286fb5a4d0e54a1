import { asPositiveInt, field } from './form';
import { matchesFilter } from './simulator-wire';
import type { DocumentWire } from './types';

type Params = Record<string, unknown>;
type Answer = { status: number; body: Record<string, unknown> };

interface SimDocument {
  id: number;
  templateId: number;
  entityTypeId: number;
  entityId: number;
  number: string;
  createTime: string;
  stampsEnabled: boolean;
  converted: boolean;
}

/**
 * The simulator's document generator: printed forms of CRM items (crm.documentgenerator.document.*)
 * whose PDFs appear once "converted", and the PDF bytes behind `pdfUrlMachine`.
 */
export class SimDocuments {
  readonly documents = new Map<number, SimDocument>();
  /** Bitrix24 converts to PDF asynchronously; off, new documents wait for `convertAll()`. */
  convertInstantly = true;
  /** The portal address links name; a real portal names its public host, not the webhook's. Default: the simulator's. */
  linkBase?: string;
  private nextId = 60;

  constructor(private readonly portalUrl: () => string, private readonly now: () => Date, private readonly exists: (entityTypeId: number, entityId: number) => boolean) {}

  convertAll(): void {
    for (const document of this.documents.values()) document.converted = true;
  }

  methods(): Record<string, (p: Params) => Answer> {
    return {
      'crm.documentgenerator.document.add': (p) => this.add(p),
      'crm.documentgenerator.document.get': (p) => {
        const document = this.documents.get(Number(p.id));
        return document ? ok({ document: this.wire(document) }) : fail('0', 'Документ не найден');
      },
      'crm.documentgenerator.document.list': (p) => {
        const documents = [...this.documents.values()].map((d) => this.wire(d)).filter((d) => matchesFilter(d, p.filter));
        const newestFirst = String(field(p.order, 'id') ?? '').toLowerCase() === 'desc';
        documents.sort((a, b) => (newestFirst ? Number(b.id) - Number(a.id) : Number(a.id) - Number(b.id)));
        return ok({ documents });
      },
    };
  }

  /** The bytes of a converted document's PDF: a tiny, valid-looking PDF naming the invoice. */
  pdf(query: Record<string, string>): { status: number; body: string; headers?: Record<string, string> } {
    const document = this.documents.get(Number(query.id));
    if (!document || query.token !== tokenOf(document) || !document.converted) {
      return { status: 400, body: JSON.stringify({ error: '0', error_description: 'Документ не найден' }), headers: { 'content-type': 'application/json' } };
    }
    const text = `%PDF-1.4\n% Invoice #${document.entityId}, document ${document.number}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
    return { status: 200, body: text, headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="invoice-${document.entityId}.pdf"` } };
  }

  private add(p: Params): Answer {
    const templateId = asPositiveInt(p.templateId);
    const entityTypeId = asPositiveInt(p.entityTypeId);
    const entityId = asPositiveInt(p.entityId);
    if (!templateId) return fail('100', 'Bitrix\\DocumentGenerator\\Template constructor must be is public');
    if (!entityTypeId || !entityId || !this.exists(entityTypeId, entityId)) return fail('0', 'Cannot create document');
    const id = this.nextId++;
    const document: SimDocument = {
      id, templateId, entityTypeId, entityId, number: String(id), createTime: this.now().toISOString(),
      stampsEnabled: String(p.stampsEnabled ?? '0') === '1', converted: this.convertInstantly,
    };
    this.documents.set(id, document);
    return ok({ document: this.wire(document) });
  }

  private wire(d: SimDocument): DocumentWire {
    const pdfReady = d.converted;
    const base = this.linkBase ?? this.portalUrl();
    return {
      id: d.id, title: `Invoice ${d.number}`, number: d.number, createTime: d.createTime, templateId: String(d.templateId),
      entityTypeId: String(d.entityTypeId), entityId: String(d.entityId), stampsEnabled: d.stampsEnabled, isTransformationError: false,
      pdfUrl: pdfReady ? `${base}/bitrix/services/main/ajax.php?action=crm.documentgenerator.document.getPdf&SITE_ID=s1&id=${d.id}` : '',
      pdfUrlMachine: pdfReady ? `${base}/rest/crm.documentgenerator.document.getPdf.json?id=${d.id}&token=${tokenOf(d)}` : '',
    };
  }
}

function tokenOf(document: SimDocument): string {
  return `documentgenerator|${document.id}|${document.templateId}`;
}

function ok(result: unknown): Answer {
  return { status: 200, body: { result } };
}

function fail(error: string, description: string): Answer {
  return { status: 400, body: { error, error_description: description } };
}
