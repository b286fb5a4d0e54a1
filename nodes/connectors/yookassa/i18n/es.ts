import type { CatalogTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

/** Spanish texts of the yookassa connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'yookassa.paymentSucceeded': {
      title: 'Pago realizado',
      description: 'Inicia una ejecución por las notificaciones payment.succeeded de YooKassa que llegan desde sus direcciones; la ejecución vuelve a leer primero el pago por la API (con reintentos). Emite payment.succeeded con la clave metadata.invoice_id (o invoiceId).',
      params: {
        connection: { label: 'Conexión de YooKassa' },
        path: { label: 'Ruta del webhook', description: 'Indica /hooks/<path> como URL de notificaciones HTTP en el panel de YooKassa' },
        ...triggerKeys,
      },
    },
  },
  connectors: {
    yookassa: {
      title: 'YooKassa',
      description: 'Marca las facturas como pagadas a partir de las notificaciones HTTP de YooKassa, comprobando la dirección del remitente y volviendo a leer el pago.',
      fields: {
        shopId: { label: 'Id de la tienda (shopId)' },
        secretKey: { label: 'Clave secreta', placeholder: 'live_… o test_…' },
        baseUrl: { label: 'URL de la API' },
        extraAllowedNetworks: {
          label: 'Remitentes de notificaciones adicionales',
          description: 'CIDR separados por comas que se aceptan además de las direcciones publicadas de YooKassa; déjalo vacío en producción',
        },
      },
    },
  },
};
