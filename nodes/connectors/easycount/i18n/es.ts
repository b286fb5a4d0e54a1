import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';

const easycountConnection: ParamTexts = { label: 'Conexión de EasyCount' };

const successUrl: ParamTexts = { label: 'URL de retorno tras el pago' };

const currency: ParamTexts = { label: 'Moneda' };

/** Spanish texts of the easycount connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'easycount.createInvoice': {
      title: 'Emitir factura',
      description: 'Emite un documento en EasyCount (EZcount). La clave de idempotencia del paso se envía como transaction_id, salvo que se indique una referencia externa.',
      params: {
        connection: easycountConnection,
        documentType: {
          label: 'Tipo de documento',
          description: 'Los tipos con recibo (320, 400) registran un cobro y necesitan «Importe cobrado»',
          options: {
            invoice: 'Factura fiscal (305)',
            invoiceReceipt: 'Factura fiscal + recibo (320)',
            receipt: 'Recibo (400)',
            proforma: 'Factura de transacción / proforma (300)',
            quote: 'Presupuesto (9999)',
          },
        },
        customerName: { label: 'Nombre del cliente' },
        customerEmail: { label: 'Correo del cliente' },
        customerPhone: { label: 'Teléfono del cliente' },
        items: {
          label: 'Líneas',
          description: 'Déjalo vacío para facturar «Importe» en una sola línea',
          fields: {
            description: { label: 'Descripción' },
            quantity: { label: 'Cantidad' },
            price: { label: 'Precio unitario' },
            vatType: {
              label: 'IVA',
              options: { PRE: 'Precio sin IVA', INC: 'Precio con IVA incluido', NON: 'Exento de IVA' },
            },
          },
        },
        amount: { label: 'Importe', description: 'Una línea por este precio (IVA incluido) cuando «Líneas» está vacío' },
        description: { label: 'Descripción', description: 'Texto de la línea de «Importe»; también se imprime como comentario del documento' },
        currency,
        language: { label: 'Idioma del documento', options: { he: 'Hebreo', en: 'Inglés' } },
        sendByEmail: { label: 'Enviar el documento al cliente por correo' },
        paidAmount: { label: 'Importe cobrado', description: 'Solo tipos con recibo: el cobro que registra el documento' },
        paymentType: {
          label: 'Forma de pago',
          options: { creditCard: 'Tarjeta de crédito', bankTransfer: 'Transferencia bancaria', cash: 'Efectivo' },
        },
        cgpId: {
          label: 'Transacción de la página de pago',
          description: 'Solo tipos con recibo: el cgpId de «Verificar pago», vincula el pago con tarjeta',
        },
        externalReference: {
          label: 'Referencia externa',
          description: 'Se envía como transaction_id en lugar de la clave de idempotencia del paso (p. ej. un número de pedido)',
        },
        paymentLink: {
          label: 'Crear también un enlace de pago',
          description: 'Añade paymentUrl por el total del documento. Si el enlace falla una vez emitido el documento, el paso falla sin reintentar',
        },
        successUrl,
      },
    },
    'easycount.createPaymentPage': {
      title: 'Crear página de pago',
      description: 'Abre en EasyCount un formulario de cobro por un importe y devuelve su URL. Guarda secretTransactionId: «Verificar pago» lo necesita cuando el cliente haya pagado.',
      params: {
        connection: easycountConnection,
        amount: { label: 'Importe', description: 'El total a cobrar, p. ej. {{ $steps.invoice.total }}' },
        currency,
        installments: { label: 'Cuotas, hasta' },
        successUrl,
        description: { label: 'Descripción', description: 'Se muestra a quien paga, p. ej. «Factura {{ $steps.invoice.docNumber }}»' },
      },
    },
    'easycount.validatePayment': {
      title: 'Verificar pago',
      description: 'Pregunta a EasyCount si una página de pago se ha pagado. EZcount no envía webhooks firmados: esta comprobación desde el servidor con el id secreto de la transacción es la prueba del pago.',
      params: {
        connection: easycountConnection,
        secretTransactionId: { label: 'Id secreto de la transacción', description: 'De «Crear página de pago»' },
        expectedAmount: { label: 'Importe esperado', description: 'El paso falla si el total pagado es distinto' },
      },
    },
  },
  connectors: {
    easycount: {
      title: 'EasyCount (EZcount)',
      description: 'Facturación israelí: facturas fiscales y recibos, páginas de pago y verificación de pagos.',
      fields: {
        apiKey: { label: 'Clave de API', description: 'En los ajustes de EZcount → API; las claves de prueba vienen con una cuenta gratuita en demo.ezcount.co.il' },
        developerEmail: { label: 'Correo del desarrollador', description: 'EZcount identifica al integrador por esta dirección en cada llamada' },
        baseUrl: { label: 'URL de la API', description: 'https://demo.ezcount.co.il para el entorno de pruebas' },
      },
    },
  },
};
