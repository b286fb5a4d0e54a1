import type { CatalogTexts, ParamTexts } from '../../../sdk';

const connection: ParamTexts = { label: 'Conexión de Bitrix24' };
const hook: Record<string, ParamTexts> = {
  connection,
  path: { label: 'Ruta del hook', description: 'Parte de la URL del controlador indicada en el webhook saliente de Bitrix24: https://<flowbridge>/hooks/<ruta>' },
  dedupeKey: { label: 'Clave de deduplicación', description: 'Expresión sobre $trigger; una segunda entrega con la misma clave no inicia ninguna ejecución (p. ej. {{ $trigger.body.eventId }})' },
  businessKey: { label: 'Clave de negocio', description: 'Expresión sobre $trigger que se guarda en la ejecución para poder buscarla (p. ej. el id de un negocio)' },
};
const dealId: ParamTexts = { label: 'Id del negocio' };
const invoiceId: ParamTexts = { label: 'Id de la factura' };
const fieldsCamel: ParamTexts = { label: 'Otros campos', description: 'Campo → valor en camelCase, p. ej. ufCrm5_1725365197310 → Net 7' };

export const es: CatalogTexts = {
  connectors: {
    bitrix24: {
      title: 'Bitrix24',
      description: 'CRM Bitrix24: reacciona a eventos de negocios, facturas inteligentes y tareas; lee y modifica negocios, contactos y facturas, imprime facturas en PDF, crea y lista tareas y pendientes, notifica a las personas, busca al jefe de departamento y lee listas.',
      fields: {
        webhookUrl: {
          label: 'URL del webhook entrante',
          description: 'Recursos para desarrolladores → Otros → Webhook entrante, con los permisos crm, task, im, user, department y lists. Las llamadas se hacen con los derechos del usuario que lo creó.',
        },
        applicationToken: {
          label: 'Token de aplicación del webhook saliente',
          description: 'Solo para disparadores: el token mostrado al crear el webhook saliente; se rechazan los eventos con otro token',
        },
      },
    },
  },
  nodes: {
    'bitrix24.dealCreated': {
      title: 'Negocio creado',
      description: 'Inicia una ejecución cuando se crea un negocio en Bitrix24. En Bitrix24 añada un webhook saliente (Recursos para desarrolladores → Otros → Webhook saliente) para el evento ONCRMDEALADD con el controlador https://<flowbridge>/hooks/<ruta del hook> y copie su token de aplicación en la conexión.',
      params: { ...hook },
    },
    'bitrix24.dealUpdated': {
      title: 'Negocio modificado',
      description: 'Inicia una ejecución con cada cambio de un negocio de Bitrix24 (evento ONCRMDEALUPDATE, controlador https://<flowbridge>/hooks/<ruta del hook>). El evento solo trae el id; el negocio se vuelve a leer dentro de la ejecución. Para reaccionar solo a cambios de etapa, use «Etapa del negocio cambiada».',
      params: { ...hook },
    },
    'bitrix24.dealStageChanged': {
      title: 'Etapa del negocio cambiada',
      description: 'Inicia una ejecución cuando un negocio de Bitrix24 pasa a otra etapa (o a la elegida). Envíe los eventos ONCRMDEALUPDATE y ONCRMDEALADD a https://<flowbridge>/hooks/<ruta del hook>. Solo traen el id, así que el negocio se vuelve a leer dentro de la ejecución y su etapa se compara con la última que vio este flujo; las demás ediciones no inician ninguna ejecución. El primer evento de un negocio que el flujo nunca vio cuenta como cambio.',
      params: { ...hook, stageId: { label: 'Etapa del negocio', description: 'Solo negocios que llegaron a esta etapa; vacío: cualquier cambio de etapa' } },
    },
    'bitrix24.invoiceCreated': {
      title: 'Factura creada',
      description: 'Inicia una ejecución cuando se crea una factura inteligente en Bitrix24, p. ej. para avisar al jefe de departamento. Envíe el evento ONCRMDYNAMICITEMADD a https://<flowbridge>/hooks/<ruta del hook>; los elementos de otros tipos se ignoran. (Las facturas antiguas, crm.invoice.*, no están soportadas.)',
      params: { ...hook },
    },
    'bitrix24.invoiceStageChanged': {
      title: 'Estado de la factura cambiado',
      description: 'Inicia una ejecución cuando una factura inteligente pasa a otra etapa (o a la elegida, p. ej. «Enviada al cliente»). Envíe ONCRMDYNAMICITEMUPDATE y ONCRMDYNAMICITEMADD a https://<flowbridge>/hooks/<ruta del hook>. La factura se vuelve a leer dentro de la ejecución y su etapa se compara con la última que vio este flujo.',
      params: { ...hook, stageId: { label: 'Etapa de la factura', description: 'Solo facturas que llegaron a esta etapa; vacío: cualquier cambio de etapa' } },
    },
    'bitrix24.invoicePaid': {
      title: 'Factura pagada',
      description: 'Inicia una ejecución cuando una factura inteligente llega a una etapa de pago (una etapa con semántica de éxito), p. ej. para avanzar el negocio y calcular la comisión. Envíe ONCRMDYNAMICITEMUPDATE y ONCRMDYNAMICITEMADD a https://<flowbridge>/hooks/<ruta del hook>. Las ediciones posteriores de una factura pagada no inician nada; también registra el evento de negocio bitrix24.invoice.paid con el id de la factura como clave, para las esperas.',
      params: { ...hook },
    },
    'bitrix24.taskUpdated': {
      title: 'Tarea modificada',
      description: 'Inicia una ejecución con cada cambio de una tarea de Bitrix24 (evento ONTASKUPDATE, controlador https://<flowbridge>/hooks/<ruta del hook>). La tarea se vuelve a leer dentro de la ejecución con su estado, responsable y vínculos al CRM.',
      params: { ...hook },
    },
    'bitrix24.taskCompleted': {
      title: 'Tarea completada',
      description: 'Inicia una ejecución cuando se completa una tarea de Bitrix24 (estado 5), p. ej. para crear una reunión para el jefe de proyecto. Envíe ONTASKUPDATE a https://<flowbridge>/hooks/<ruta del hook>. Las ediciones de una tarea ya completada no inician nada; una tarea reabierta y completada de nuevo inicia otra ejecución.',
      params: { ...hook },
    },
    'bitrix24.getDeal': {
      title: 'Obtener negocio',
      description: 'Lee un negocio de Bitrix24 con su etapa, importe, responsable y todos los campos personalizados (UF_CRM_…).',
      params: { connection, dealId },
    },
    'bitrix24.attachFile': {
      title: 'Adjuntar un archivo al negocio',
      description: 'Escribe un archivo de un paso anterior (p. ej. el acta de «Generar un documento») en un campo de archivo de un negocio de Bitrix24.',
      params: {
        connection: { label: 'Conexión de Bitrix24' },
        dealId: { label: 'Id del negocio' },
        field: { label: 'Campo de archivo', description: 'Un campo personalizado de tipo «archivo», p. ej. UF_CRM_ACT_FILE' },
        file: { label: 'Archivo', description: 'Un adjunto: { filename, contentBase64 }, p. ej. {{ $steps.act }}' },
      },
    },
    'bitrix24.createDeal': {
      title: 'Crear negocio',
      description: 'Crea un negocio de Bitrix24 para un registro de otro sistema, p. ej. una venta potencial de un portal de socios. El id del registro se guarda en el negocio (ORIGIN_ID), así un mismo registro nunca crea dos negocios.',
      params: {
        connection,
        originId: { label: 'Id del registro en el otro sistema', description: 'P. ej. {{ $trigger.sale.id }}; vacío: la clave propia del paso (un reintento encuentra su negocio)' },
        title: { label: 'Nombre del negocio' },
        stageId: { label: 'Etapa del negocio', description: 'Vacío: la primera etapa del embudo' },
        opportunity: { label: 'Importe' },
        assignedById: { label: 'Responsable', description: 'Vacío: el usuario del webhook' },
        comments: { label: 'Comentario' },
        fields: { label: 'Otros campos', description: 'Código de campo → valor, p. ej. UF_CRM_INN → {{ $trigger.sale.clientInn }}' },
      },
    },
    'bitrix24.updateDeal': {
      title: 'Modificar negocio',
      description: 'Mueve un negocio de Bitrix24 a una etapa y/o escribe sus campos (p. ej. el enlace de pago). Escribir los mismos valores dos veces no cambia nada, así que un reintento es inofensivo.',
      params: {
        connection,
        dealId,
        stageId: { label: 'Etapa del negocio', description: 'Déjelo vacío para mantener la etapa' },
        title: { label: 'Nombre del negocio' },
        opportunity: { label: 'Importe' },
        assignedById: { label: 'Responsable', description: 'Déjelo vacío para mantener al responsable' },
        field: { label: 'Campo', description: 'Un campo más para escribir, p. ej. un campo personalizado «Enlace de pago»' },
        value: { label: 'Valor', description: 'Valor del campo elegido; vacío lo borra' },
        fields: { label: 'Otros campos', description: 'Código del campo → valor, p. ej. UF_CRM_1725365197310 → {{ $steps.invoice.url }}' },
        registerEvent: { label: 'Mostrar en el flujo de actividad' },
      },
    },
    'bitrix24.createInvoice': {
      title: 'Crear factura',
      description: 'Crea una factura inteligente de Bitrix24 vinculada a un negocio. Un reintento encuentra la factura que creó un intento anterior (por su código externo) en lugar de crear otra.',
      params: {
        connection,
        dealId: { label: 'Id del negocio', description: 'El negocio al que pertenece la factura' },
        title: { label: 'Título', description: 'Vacío: Bitrix24 la numera' },
        opportunity: { label: 'Importe' },
        currencyId: { label: 'Moneda' },
        stageId: { label: 'Etapa de la factura', description: 'Vacío: la primera etapa' },
        companyId: { label: 'Id de la empresa' },
        contactId: { label: 'Id del contacto' },
        assignedById: { label: 'Responsable', description: 'Vacío: el usuario del webhook' },
        closedate: { label: 'Pagar antes de', description: 'Fecha de vencimiento de la factura' },
        fields: fieldsCamel,
      },
    },
    'bitrix24.getInvoice': {
      title: 'Obtener factura',
      description: 'Lee una factura inteligente de Bitrix24: etapa, si está pagada, importe, negocio y campos personalizados.',
      params: { connection, invoiceId },
    },
    'bitrix24.updateInvoice': {
      title: 'Modificar factura',
      description: 'Mueve una factura inteligente de Bitrix24 a una etapa (p. ej. Pagada) y/o escribe sus campos, como una fecha de vencimiento movida a un día laborable.',
      params: {
        connection,
        invoiceId,
        stageId: { label: 'Etapa de la factura', description: 'Déjelo vacío para mantener la etapa' },
        opportunity: { label: 'Importe' },
        closedate: { label: 'Pagar antes de' },
        fields: fieldsCamel,
      },
    },
    'bitrix24.listInvoiceProducts': {
      title: 'Productos de la factura',
      description: 'Lee las filas de productos de una factura inteligente de Bitrix24, p. ej. para crear una tarea por departamento según los productos que incluye.',
      params: { connection, invoiceId, maxRows: { label: 'Como máximo', description: 'Las filas se leen de 50 en 50' } },
    },
    'bitrix24.listTasks': {
      title: 'Listar tareas',
      description: 'Lee las tareas vinculadas a una factura inteligente o a un negocio (o asignadas a una persona) y cuántas siguen abiertas, p. ej. para dar una tarea a la contable cuando se completa la última tarea de una factura pagada.',
      params: {
        connection,
        invoiceId: { label: 'Id de la factura', description: 'Tareas que se muestran en esta factura inteligente' },
        dealId: { label: 'Id del negocio', description: 'Tareas que se muestran en este negocio' },
        responsibleId: { label: 'Responsable', description: 'Solo las tareas de esta persona' },
        maxTasks: { label: 'Como máximo', description: 'Las tareas se leen de 50 en 50' },
      },
    },
    'bitrix24.listInvoices': {
      title: 'Listar facturas',
      description: 'Lee las facturas inteligentes en una etapa (p. ej. «Enviada al cliente»), de un negocio o de un responsable, p. ej. para recordar cada mañana a los clientes las facturas sin pagar.',
      params: {
        connection,
        stageId: { label: 'Etapa de la factura', description: 'Solo facturas en esta etapa; vacío: cualquier etapa' },
        dealId: { label: 'Id del negocio', description: 'Solo las facturas de este negocio' },
        assignedById: { label: 'Responsable', description: 'Solo las facturas de esta persona' },
        maxItems: { label: 'Como máximo', description: 'Las facturas se leen de 50 en 50' },
      },
    },
    'bitrix24.getContact': {
      title: 'Obtener contacto',
      description: 'Lee un contacto de Bitrix24 con sus direcciones de correo y teléfonos, p. ej. el cliente del negocio al que enviar la factura.',
      params: { connection, contactId: { label: 'Id del contacto' } },
    },
    'bitrix24.invoicePdf': {
      title: 'PDF de la factura',
      description: 'Imprime una factura inteligente con una plantilla de documento y pasa su PDF como adjunto, p. ej. para que «Notificar» lo envíe por correo al cliente. Se reutiliza un documento impreso después del último cambio de la factura; mientras Bitrix24 sigue convirtiendo el PDF, el paso se reintenta.',
      params: {
        connection,
        invoiceId,
        templateId: { label: 'Id de la plantilla de documento', description: 'CRM → Facturas inteligentes → Imprimir → Plantillas: el id del formulario de factura' },
        stamps: { label: 'Sello y firma' },
        filename: { label: 'Nombre del archivo', description: 'Vacío: invoice-<número del documento>.pdf' },
      },
    },
    'bitrix24.createTask': {
      title: 'Crear tarea',
      description: 'Crea una tarea de Bitrix24 para una persona, con fecha límite, vinculada a un negocio y/o una factura inteligente. Un reintento encuentra la tarea que creó un intento anterior (por su id externo).',
      params: {
        connection,
        title: { label: 'Título' },
        description: { label: 'Descripción' },
        responsibleId: { label: 'Responsable', description: 'Quién hace la tarea' },
        deadline: { label: 'Fecha límite' },
        createdBy: { label: 'Creada por', description: 'Vacío: el usuario del webhook' },
        dealId: { label: 'Id del negocio', description: 'Muestra la tarea en este negocio' },
        invoiceId: { label: 'Id de la factura', description: 'Muestra la tarea en esta factura inteligente' },
      },
    },
    'bitrix24.addTodo': {
      title: 'Añadir pendiente',
      description: 'Añade un pendiente (una actividad del CRM con fecha límite) a un negocio o una factura inteligente, p. ej. «Revisar el trabajo terminado con el cliente». Un reintento busca primero el pendiente abierto que creó un intento anterior.',
      params: {
        connection,
        ownerType: { label: 'En', options: { deal: 'Negocio', invoice: 'Factura inteligente' } },
        ownerId: { label: 'Id del negocio o de la factura' },
        title: { label: 'Título' },
        description: { label: 'Descripción' },
        deadline: { label: 'Fecha límite', description: 'Vacío: dentro de 24 horas' },
        responsibleId: { label: 'Responsable', description: 'Vacío: el responsable del negocio' },
      },
    },
    'bitrix24.notifyUser': {
      title: 'Notificar a un usuario',
      description: 'Envía una notificación personal a un usuario de Bitrix24 (la campana), p. ej. al jefe de departamento sobre una factura nueva.',
      params: {
        connection,
        userId: { label: 'Destinatario', description: 'Id del usuario, p. ej. {{ $steps.head.head.id }}' },
        message: { label: 'Mensaje', description: 'Admite BB-code: [b]negrita[/b], [url=…]enlace[/url]' },
        messageOut: { label: 'Texto para correo y push', description: 'Vacío: el propio mensaje' },
        tag: { label: 'Etiqueta', description: 'Una notificación nueva con la misma etiqueta sustituye a la anterior; vacío: una etiqueta por ejecución y nodo, así un reintento nunca notifica dos veces' },
      },
    },
    'bitrix24.findDepartmentHead': {
      title: 'Buscar jefe de departamento',
      description: 'Busca al jefe de departamento de un usuario, p. ej. el superior del gestor para avisarle de una factura nueva. Si el usuario dirige el departamento, se toma al jefe del departamento superior.',
      params: { connection, userId: { label: 'Usuario', description: 'De quién buscar el jefe, p. ej. {{ $trigger.deal.assignedById }}' } },
    },
    'bitrix24.listElements': {
      title: 'Leer elementos de una lista',
      description: 'Lee los elementos de una lista de Bitrix24 (un catálogo de inmuebles, tarifas o estándares de limpieza) para copiar sus datos a un negocio.',
      params: {
        connection,
        listId: { label: 'Lista' },
        filter: { label: 'Filtro', description: 'Campo → valor, p. ej. NAME → Oficina 12, o PROPERTY_118 → {{ $trigger.deal.fields.UF_CRM_OBJECT }}' },
        maxItems: { label: 'Como máximo', description: 'Los elementos se leen de 50 en 50' },
      },
    },
  },
};
