import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';
import { INVOICE_FIELDS, SALE_FIELDS } from '../mapping';

const list = (defaults: Record<string, string>) => Object.entries(defaults).map(([k, v]) => `${k} → ${v}`).join(', ');
const connection: ParamTexts = { label: 'Conexión de Kontur.Billing' };
const saleMapping: ParamTexts = {
  label: 'Correspondencia de campos',
  description: `El nombre en el portal de cada campo de la venta potencial que difiere del predeterminado (${list(SALE_FIELDS)}); una ruta con puntos para los campos anidados`,
};
const invoiceMapping: ParamTexts = {
  label: 'Correspondencia de campos',
  description: `El nombre en el portal de cada campo de la factura que difiere del predeterminado (${list(INVOICE_FIELDS)}); una ruta con puntos para los campos anidados`,
};
const saleId: ParamTexts = { label: 'Id de la venta potencial', description: 'El id de la venta potencial en el portal' };
const values: Record<string, ParamTexts> = {
  clientName: { label: 'Nombre del cliente', description: 'La organización o el empresario, como en sus datos fiscales' },
  clientInn: { label: 'INN del cliente', description: '10 dígitos para una empresa, 12 para un empresario individual' },
  clientKpp: { label: 'KPP del cliente', description: 'Para una empresa' },
  contactName: { label: 'Persona de contacto' },
  contactPhone: { label: 'Teléfono de contacto' },
  contactEmail: { label: 'Correo de contacto' },
  orderType: { label: 'Tipo de pedido', description: 'Como lo llama el portal, p. ej. nueva conexión o renovación' },
  product: { label: 'Producto' },
  completionDate: { label: 'Fecha de cierre', description: 'AAAA-MM-DD o DD.MM.AAAA' },
  comment: { label: 'Comentario' },
  status: { label: 'Estado', description: 'El estado de la venta potencial en el portal; vacío: lo decide el portal' },
  extraFields: { label: 'Otros campos del portal', description: 'Campos del portal que este paso no conoce, con el nombre propio del portal (una ruta con puntos para los anidados)' },
};

/** Spanish texts of the kontur-billing connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'kontur-billing.createPotentialSale': {
      title: 'Crear venta potencial',
      description:
        'Registra una venta potencial en el portal de socios Kontur.Billing (datos fiscales del cliente, contacto, tipo de pedido, producto, fecha de cierre, comentario) como mucho una vez por id externo: '
        + 'primero busca una venta con este id externo (el id del trato en su CRM) y responde con ella («created» false) en vez de crear otra, así que repetir el paso nunca duplica.',
      params: {
        connection,
        externalId: { label: 'Id externo', description: 'El id del trato en su CRM; el portal lo guarda y con él vuelve a encontrar la venta' },
        ...values,
        fieldMapping: saleMapping,
      },
    },
    'kontur-billing.findPotentialSale': {
      title: 'Buscar venta potencial',
      description: 'Busca una venta potencial en el portal de socios Kontur.Billing por su id externo (el id del trato en su CRM) o por el INN del cliente. «found» es false si no hay ninguna; «sales» lista todas las coincidencias (100 como máximo).',
      params: {
        connection,
        externalId: { label: 'Id externo', description: 'El id del trato en su CRM; tiene prioridad sobre el INN' },
        clientInn: { label: 'INN del cliente' },
        fieldMapping: saleMapping,
      },
    },
    'kontur-billing.getInvoice': {
      title: 'Obtener factura',
      description: 'Lee una factura del portal de socios Kontur.Billing con su estado y sus pagos; «paid» dice si está pagada.',
      params: { connection, invoiceId: { label: 'Id de la factura' }, fieldMapping: invoiceMapping },
    },
    'kontur-billing.getPotentialSale': {
      title: 'Obtener venta potencial',
      description: 'Lee una venta potencial del portal de socios Kontur.Billing por su id.',
      params: { connection, saleId, fieldMapping: saleMapping },
    },
    'kontur-billing.invoicePaid': {
      title: 'Factura pagada',
      description:
        'Inicia una ejecución por cada factura que el portal de socios Kontur.Billing informa como pagada (leído cada minuto), una vez por factura por muchas veces que se informe. '
        + 'También genera el evento kontur.invoice.paid con el id de la factura como clave y el id del trato de su CRM (externalId), que los pasos «Esperar evento» pueden esperar.',
      params: {
        connection,
        fieldMapping: invoiceMapping,
        saleFieldMapping: { ...saleMapping, label: 'Correspondencia de campos de la venta potencial' },
        ...triggerKeys,
      },
    },
    'kontur-billing.potentialSaleChanged': {
      title: 'Venta potencial creada o cambiada',
      description:
        'Inicia una ejecución por cada venta potencial registrada o cambiada en el portal de socios Kontur.Billing desde la última consulta (cada minuto, en el orden de su hora de cambio), una vez por cambio. '
        + '«change» dice si es nueva; «sale.externalId» es el id del trato de su CRM si la venta vino del CRM.',
      params: {
        connection,
        only: { label: 'Cambios', options: { all: 'Nuevas y cambiadas', created: 'Solo nuevas', updated: 'Solo cambiadas' } },
        fieldMapping: saleMapping,
        ...triggerKeys,
      },
    },
    'kontur-billing.updatePotentialSale': {
      title: 'Actualizar venta potencial',
      description: 'Cambia una venta potencial en el portal de socios Kontur.Billing: solo se envían los campos indicados; los vacíos conservan lo que tiene el portal.',
      params: { connection, saleId, ...values, fieldMapping: saleMapping },
    },
  },
  connectors: {
    'kontur-billing': {
      title: 'Portal de socios Kontur.Billing',
      description:
        'Ventas potenciales y pagos de facturas en el portal de socios Kontur.Billing de un centro de servicio de SKB Kontur. Su API no es pública: las rutas, los nombres de campos, la cabecera de la clave y la paginación son SUPUESTOS '
        + '(vea ASSUMPTIONS.md junto al conector); configure la URL de la API y la cabecera de la clave en la conexión, y haga corresponder en la «Correspondencia de campos» de cada paso los campos que el portal llame de otro modo.',
      fields: {
        baseUrl: { label: 'URL de la API del portal', description: 'La raíz de la API del portal de socios tal como se la dio Kontur; se le añaden las rutas de ASSUMPTIONS.md' },
        apiKey: { label: 'Clave de API', description: 'La clave de API del socio para el portal' },
        apiKeyHeader: { label: 'Cabecera de la clave de API', description: 'La cabecera de la petición que lleva la clave; Authorization con el esquema Bearer para un token bearer' },
        apiKeyScheme: { label: 'Esquema de la clave de API', description: 'Se escribe antes de la clave en esa cabecera; vacío: solo la clave' },
      },
    },
  },
};
