import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

const connection: ParamTexts = { label: 'Conexión de Aspro.Cloud' };
const customerId: ParamTexts = { label: 'Id del cliente', description: 'La cuenta del CRM de Aspro.Cloud (empresa o contacto) facturada' };
const invoiceId: ParamTexts = { label: 'Id de la factura' };
const subscriptionEndField: ParamTexts = {
  label: 'Campo de fin de suscripción',
  description: 'Campo personalizado con la fecha en que termina la suscripción; se devuelve como subscriptionEndsAt',
};

/** Spanish texts of the aspro connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'aspro.createInvoice': {
      title: 'Crear factura',
      description: 'Crea una factura de Aspro.Cloud para un cliente, p. ej. la renovación de una suscripción. Un reintento del paso encuentra la factura que creó un intento anterior en vez de emitir otra.',
      params: {
        connection,
        customerId,
        total: { label: 'Importe total' },
        invoiceDate: { label: 'Fecha de la factura', description: 'Hoy si está vacío' },
        dueDate: { label: 'Fecha de vencimiento' },
        description: { label: 'Descripción', description: 'Nota impresa en la factura, p. ej. «Suscripción, marzo 2026 – marzo 2027»' },
        currencyId: { label: 'Id de la moneda', description: 'Id de la moneda en Aspro.Cloud; vacío: la moneda por defecto de la cuenta' },
        statusId: { label: 'Id del estado', description: 'Id del estado de factura en Aspro.Cloud; vacío: el estado por defecto de las facturas nuevas' },
        customFields: {
          label: 'Campos personalizados',
          description: 'cf_<id> → valor, p. ej. cf_12 → {{ $steps.renewal.endsAt }} para la fecha de fin de la suscripción',
        },
      },
    },
    'aspro.getCustomer': {
      title: 'Obtener cliente',
      description: 'Lee la cuenta del CRM de Aspro.Cloud a la que se factura: nombre, contactos, campos personalizados y, del campo que indique, cuándo termina su suscripción.',
      params: { connection, customerId, subscriptionEndField },
    },
    'aspro.getInvoice': {
      title: 'Obtener factura',
      description: 'Lee una factura de Aspro.Cloud: número, fechas, importes, si está pagada y, del campo que indique, cuándo termina la suscripción que factura.',
      params: { connection, invoiceId, subscriptionEndField },
    },
    'aspro.invoicePaid': {
      title: 'Factura pagada',
      description:
        'Inicia una ejecución por cada factura de Aspro.Cloud que pasa a estar pagada, leyendo la lista de facturas cada minuto (Aspro.Cloud no envía webhooks de pago). '
        + 'También produce el evento aspro.invoice.paid con el id de la factura como clave, que los pasos «Esperar evento» pueden esperar. Las facturas pagadas antes de publicar el flujo no inician nada.',
      params: {
        connection,
        paidStatusId: {
          label: 'Id del estado «Pagada»',
          description: 'Id del estado de las facturas pagadas en su cuenta; vacío: pagada es la que tiene fecha de pago y pagos que cubren el total',
        },
        subscriptionEndField,
        ...triggerKeys,
      },
    },
    'aspro.listInvoices': {
      title: 'Listar facturas',
      description: 'Lista facturas de Aspro.Cloud por estado, cliente y fecha de factura, p. ej. las impagadas de hace más de una semana. Lee como mucho «Páginas» páginas de 100; «truncated» indica que había más.',
      params: {
        connection,
        statusId: { label: 'Id del estado', description: 'Solo facturas en este estado; vacío: cualquiera' },
        customerId,
        paid: { label: 'Pago', options: { any: 'Pagadas o no', paid: 'Solo pagadas', unpaid: 'Solo impagadas' } },
        dateFrom: { label: 'Fecha de factura desde' },
        dateTo: { label: 'Fecha de factura hasta' },
        subscriptionEndField,
        maxPages: { label: 'Páginas', description: 'Cuántas páginas leer como máximo (1–20)' },
      },
    },
    'aspro.setInvoiceStatus': {
      title: 'Cambiar estado de la factura',
      description: 'Pasa una factura de Aspro.Cloud a un estado, p. ej. «Pagada» cuando el sistema de pago confirmó el pago. Los ids de estado son de cada cuenta: Finanzas → Ajustes → Estados de factura.',
      params: { connection, invoiceId, statusId: { label: 'Id del estado' } },
    },
  },
  connectors: {
    aspro: {
      title: 'Aspro.Cloud',
      description: 'Facturas y suscripciones de Aspro.Cloud: crear facturas, cambiar su estado, reaccionar a los pagos y saber cuándo termina una suscripción.',
      fields: {
        accountUrl: { label: 'URL de la cuenta', description: 'La dirección de su cuenta de Aspro.Cloud, https://{company}.aspro.cloud' },
        apiKey: { label: 'Clave de API', description: 'Ajustes → Integraciones → API' },
      },
    },
  },
};
