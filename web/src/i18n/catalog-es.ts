import type { CatalogDict, ParamTexts } from './catalog';

/** Shared by every trigger (nodes/sdk/trigger-fields.ts). */
const triggerKeys: Record<'dedupeKey' | 'businessKey', ParamTexts> = {
  dedupeKey: {
    label: 'Clave de deduplicación',
    description: 'Expresión sobre $trigger; una segunda entrega con la misma clave no inicia ninguna ejecución (p. ej. {{ $trigger.body.eventId }})',
  },
  businessKey: {
    label: 'Clave de negocio',
    description: 'Expresión sobre $trigger que se guarda en la ejecución para poder buscarla (p. ej. el id de un trato)',
  },
};

const kommoConnection: ParamTexts = { label: 'Conexión de Kommo' };
const easycountConnection: ParamTexts = { label: 'Conexión de EasyCount' };
const leadId: ParamTexts = { label: 'Id del trato' };
const kommoHookPath: ParamTexts = {
  label: 'Ruta del webhook',
  description: 'Parte secreta de la URL que se indica en Kommo: /hooks/<path>. Kommo no firma los webhooks, así que debe ser larga e imposible de adivinar.',
};
const timeUnits = { minutes: 'minutos', hours: 'horas', days: 'días', workdays: 'días laborables' };
const successUrl: ParamTexts = { label: 'URL de retorno tras el pago' };
const currency: ParamTexts = { label: 'Moneda' };

export const catalogEs: CatalogDict = {
  ports: {
    approved: 'aprobado',
    default: 'por defecto',
    done: 'hecho',
    error: 'error',
    event: 'evento',
    false: 'no',
    form: 'formulario',
    item: 'elemento',
    out: 'salida',
    rejected: 'rechazado',
    timeout: 'tiempo agotado',
    true: 'sí',
  },
  nodes: {
    'core.forEach': {
      title: 'Para cada',
      description: 'Ejecuta los nodos conectados a «elemento» una vez por cada elemento de una lista (las líneas de productos de una factura, los gestores de un departamento), con {{ $item }} y {{ $index }} disponibles; luego sigue desde «hecho» con lo que dejó cada iteración: { results, count, errors }. Un elemento terminado nunca se repite, ni tras un fallo.',
      params: {
        items: { label: 'Elementos', description: 'Una lista, p. ej. {{ $steps.deal.products }}' },
        batchSize: { label: 'Elementos por iteración', description: 'Por encima de 1, {{ $item }} es una lista de hasta tantos elementos' },
        concurrency: { label: 'Elementos en curso a la vez', description: 'Cuántas iteraciones pueden esperar a la vez (un temporizador, un evento, un subflujo); empiezan en orden' },
        onItemError: { label: 'Si un elemento falla', options: { fail: 'Parar: el bucle falla (puerto de error, o falla la ejecución)', continue: 'Seguir: anotarlo en errors' } },
      },
    },
    'core.subflow': {
      title: 'Ejecutar un subflujo',
      description: 'Inicia un flujo publicado (p. ej. «avisar al jefe de departamento», compartido por muchos flujos) con esta entrada y espera a que termine. Las salidas de sus nodos vuelven aquí; su fallo hace fallar este paso, así que conecte el puerto de error para tratarlo. Las ejecuciones padre e hija se enlazan entre sí.',
      params: {
        flowId: { label: 'Flujo', description: 'Id de un flujo publicado; arranca desde su disparador manual con la entrada como datos' },
        input: { label: 'Entrada', description: 'El $trigger del subflujo, p. ej. {"dealId": "{{ $trigger.lead.id }}"}' },
        timeoutAmount: { label: 'Dejar de esperar tras' },
        timeoutUnit: { label: 'Unidad', options: timeUnits },
      },
    },
    'core.approval': {
      title: 'Aprobación',
      description: 'Pide aprobar o rechazar (una comisión, un descuento, un acta). Los aprobadores responden en su página de Aprobaciones en Flowbridge o desde un enlace firmado; la ejecución sigue cuando se alcanza el quórum, o se rechaza al instante si el veto está activo y alguien rechaza. Quién respondió y cuándo queda en el paso.',
      params: {
        title: { label: 'Qué aprobar', placeholder: 'Comisión del trato {{ $trigger.lead.id }}' },
        details: { label: 'Detalles' },
        approvers: { label: 'Aprobadores', description: 'Correos de usuarios y role:<nombre> para todos con ese rol, separados por comas; o una expresión que dé una lista' },
        quorum: { label: 'Aprobaciones necesarias' },
        veto: { label: 'Un rechazo rechaza' },
        timeoutAmount: { label: 'Tiempo límite' },
        timeoutUnit: { label: 'Unidad', options: timeUnits },
      },
    },
    'core.waitForForm': {
      title: 'Esperar un formulario',
      description: 'Detiene la ejecución hasta que alguien rellene un formulario desde un enlace firmado ({{ $links.ask }} para un nodo con id ask; envíelo antes por correo o escríbalo en el CRM), o hasta el tiempo límite. Las respuestas se asocian por la clave del formulario, así que una rama de recordatorio puede volver a esperar el mismo formulario.',
      params: {
        title: { label: 'Título del formulario', placeholder: '¿Cómo intercambiamos las actas?' },
        description: { label: 'Texto sobre los campos' },
        formKey: { label: 'Clave del formulario', description: 'La clave de negocio a la que pertenece la respuesta, p. ej. {{ $trigger.lead.id }}' },
        fields: {
          label: 'Campos',
          fields: {
            name: { label: 'Nombre' },
            label: { label: 'Etiqueta' },
            type: { label: 'Tipo', options: { text: 'texto', number: 'número', select: 'selección', date: 'fecha', file: 'archivo' } },
            options: { label: 'Opciones (separadas por comas, para una selección)' },
            required: { label: 'Obligatorio' },
          },
        },
        timeoutAmount: { label: 'Tiempo límite' },
        timeoutUnit: { label: 'Unidad', options: timeUnits },
      },
    },
    'core.code': {
      title: 'Código',
      description: 'Cuerpo de una función JavaScript que se ejecuta en un entorno aislado; dispone de $trigger, $steps, $prev, $run y $vars; devuelve un objeto.',
      params: { code: { label: 'Código' } },
    },
    'core.delay': {
      title: 'Pausa',
      description: 'Detiene la ejecución durante un tiempo o hasta que empiece el siguiente día laborable. Los días laborables siguen el calendario laboral y la zona horaria del flujo. La espera se guarda en Postgres: no ocupa ningún worker ni memoria y los reinicios no pierden nada.',
      params: {
        amount: { label: 'Cantidad' },
        unit: { label: 'Unidad', options: timeUnits },
        until: { label: 'Esperar', options: { duration: 'la cantidad indicada', nextWorkdayStart: 'hasta que empiece el siguiente día laborable' } },
        hour: { label: 'Hora de inicio de la jornada', description: 'Se usa con «hasta que empiece el siguiente día laborable», en la zona horaria del flujo.' },
      },
    },
    'core.waitUntil': {
      title: 'Esperar hasta',
      description: 'Detiene la ejecución hasta una fecha y hora, opcionalmente movida fuera de un fin de semana o festivo según el calendario laboral del flujo. Una fecha sin hora es su medianoche en la zona horaria del flujo; una fecha ya pasada continúa enseguida.',
      params: {
        until: { label: 'Hasta', description: 'p. ej. {{ $trigger.deal.paymentDate }} o 2026-05-12T09:00' },
        shift: { label: 'Mover a un día laborable', options: { none: 'no mover', next: 'al siguiente día laborable', previous: 'al día laborable anterior' } },
      },
    },
    'core.shiftToWorkday': {
      title: 'Mover a día laborable',
      description: 'Mueve una fecha fuera de un fin de semana o festivo al siguiente (o anterior) día laborable según el calendario laboral del flujo, p. ej. una fecha de pago prevista. Un día laborable se queda como está.',
      params: {
        date: { label: 'Fecha', description: 'p. ej. {{ $steps.invoice.dueDate }}' },
        direction: { label: 'Dirección', options: { next: 'siguiente día laborable', previous: 'día laborable anterior' } },
      },
    },
    'core.fail': {
      title: 'Detener con error',
      description: 'Termina la ejecución como fallida con un mensaje.',
      params: { message: { label: 'Mensaje' } },
    },
    'core.notify': {
      title: 'Notificar',
      description: 'Envía un correo (con adjuntos de un paso anterior, p. ej. el PDF de la factura) o un mensaje de Telegram, p. ej. al jefe de departamento encontrado antes en el flujo. Un paso reintentado envía el correo con el mismo Message-ID; Telegram no tiene esa clave, así que un reintento tras una respuesta perdida puede repetir el mensaje.',
      params: {
        channel: { label: 'Canal', options: { email: 'Correo electrónico', telegram: 'Telegram' } },
        emailConnection: { label: 'Conexión de correo' },
        to: { label: 'Para', description: 'Direcciones separadas por comas, o una expresión que dé una lista', placeholder: 'jefe@example.com, {{ $steps.dept.headEmail }}' },
        cc: { label: 'Con copia (CC)' },
        replyTo: { label: 'Responder a' },
        subject: { label: 'Asunto', placeholder: 'Factura {{ $steps.invoice.number }} creada' },
        text: { label: 'Texto', description: 'El texto plano del correo, o todo el mensaje de Telegram (4096 caracteres como máximo)' },
        html: { label: 'Cuerpo HTML', description: 'Solo correo: la versión con formato, que los programas de correo que pueden muestran en lugar del texto' },
        attachments: {
          label: 'Adjuntos',
          description: 'Solo correo: {"filename": "invoice.pdf", "contentBase64": "…"} o {"filename", "url"}, o una lista de ellos, p. ej. {{ $steps.invoice.pdf }}; 10 archivos y 10 MB en total',
        },
        telegramConnection: { label: 'Bot de Telegram' },
        chatId: { label: 'Id del chat', description: 'Una persona, grupo o canal al que el bot puede escribir: su id numérico, o @nombredelcanal' },
        parseMode: { label: 'Formato', options: { plain: 'Texto sin formato', MarkdownV2: 'MarkdownV2' } },
      },
    },
    'core.http': {
      title: 'Petición HTTP',
      description: 'Llama a cualquier API HTTP. Las respuestas 5xx y los fallos de red se reintentan según la política del nodo; con 429 se respeta Retry-After.',
      params: {
        method: { label: 'Método' },
        url: { label: 'URL' },
        headers: { label: 'Cabeceras' },
        body: { label: 'Cuerpo' },
        timeoutMs: { label: 'Tiempo límite (ms)' },
        failOnStatus: { label: 'Fallar con 4xx/5xx' },
      },
    },
    'core.if': {
      title: 'Condición',
      description: 'Sigue la rama «sí» o la rama «no».',
      params: {
        condition: { label: 'Condición', description: 'Una expresión, p. ej. {{ $trigger.body.amount > 1000 }}' },
      },
    },
    'core.manual': {
      title: 'Ejecución manual',
      description: 'Inicia una ejecución desde el editor o con POST /api/flows/:id/run y unos datos.',
      params: { ...triggerKeys },
    },
    'core.map': {
      title: 'Mapear campos',
      description: 'Construye un objeto a partir de expresiones con nombre.',
      params: {
        fields: { label: 'Campos', description: 'Cada valor puede ser una expresión, p. ej. {{ $trigger.body.price * 1.2 }}' },
      },
    },
    'core.respond': {
      title: 'Responder al webhook',
      description: 'Responde a la solicitud del webhook que inició la ejecución con este estado, cuerpo y cabeceras, si la ejecución llega aquí a tiempo (10 s por defecto); si no, quien llamó ya recibió 202 con el id de la ejecución.',
      params: {
        status: { label: 'Estado' },
        body: { label: 'Cuerpo', description: 'Se envía como JSON; puede usar expresiones, p. ej. {{ $steps.invoice.body.id }}' },
        headers: { label: 'Cabeceras' },
      },
    },
    'core.schedule': {
      title: 'Programación',
      description: 'Inicia una ejecución en los momentos de una expresión cron, en una zona horaria; exactamente una ejecución por momento, con cualquier número de workers.',
      params: {
        cron: { label: 'Expresión cron', description: 'Cinco campos (minuto hora día mes día de la semana) o seis, con los segundos primero, p. ej. 0 9 * * 1-5' },
        timezone: { label: 'Zona horaria', description: 'Nombre IANA; vacío: la zona horaria del flujo, o si no Europe/Moscow' },
        workingDaysOnly: { label: 'Solo días laborables', description: 'Los momentos que caen en un día no laborable del calendario del flujo no inician ninguna ejecución' },
        missed: {
          label: 'Momentos perdidos',
          description: 'Qué pasa con los momentos que pasaron mientras el sistema estaba detenido',
          options: { runOnce: 'Una ejecución por todos los perdidos', skip: 'Omitirlos' },
        },
      },
    },
    'core.switch': {
      title: 'Según valor',
      description: 'Dirige a la primera rama cuyo valor coincide con la entrada; si ninguna coincide, a «por defecto».',
      params: {
        value: { label: 'Valor', description: 'p. ej. {{ $trigger.body.status }}' },
        cases: {
          label: 'Ramas',
          fields: {
            port: { label: 'Nombre de la salida' },
            equals: { label: 'Igual a' },
          },
        },
      },
    },
    'core.waitForEvent': {
      title: 'Esperar un evento',
      description: 'Detiene la ejecución hasta que llega un evento de negocio (p. ej. payment.succeeded de esta factura) o vence el plazo. Se empareja por clave de correlación, no por una URL de reanudación. Un plazo en días laborables sigue el calendario laboral del flujo.',
      params: {
        eventType: { label: 'Tipo de evento' },
        correlationKey: { label: 'Clave de correlación', description: 'p. ej. {{ $steps.invoice.docId }}' },
        timeoutAmount: { label: 'Plazo máximo' },
        timeoutUnit: { label: 'Unidad', options: timeUnits },
      },
    },
    'core.webhook': {
      title: 'Webhook',
      description: 'Inicia una ejecución cuando llega una petición a /hooks/<path>.',
      params: {
        path: { label: 'Ruta', description: 'Las peticiones a /hooks/<path> inician este flujo' },
        secret: {
          label: 'Secreto',
          description: 'Quien llama lo envía en la cabecera x-flowbridge-secret, o firma "<segundos unix>.<cuerpo original>" con HMAC-SHA256 y envía x-flowbridge-signature: t=<segundos unix>,v1=<hex>',
        },
        ...triggerKeys,
      },
    },
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
    'kommo.addNote': {
      title: 'Añadir nota al trato',
      description: 'Añade una nota de texto al historial de un trato, p. ej. «Factura INV-1001 enviada: <enlace>».',
      params: {
        connection: kommoConnection,
        leadId,
        text: { label: 'Texto' },
      },
    },
    'kommo.button': {
      title: 'Botón de Kommo',
      description: 'Inicia una ejecución cuando un comercial pulsa un botón del widget en la ficha de un trato o un Salesbot llega a un paso widget_request (URL https://<flowbridge>/hooks/<ruta del webhook>, datos {"lead_id": "{{lead.id}}"}). La petición debe llevar un token firmado con la clave secreta de la integración de la conexión. El Salesbot espera hasta que le responda un paso «Continuar Salesbot».',
      params: {
        connection: kommoConnection,
        path: kommoHookPath,
        audience: {
          label: 'Dirección pública de Flowbridge',
          description: 'Si se indica, se rechazan los tokens del widget dirigidos a otro destinatario (su campo aud)',
        },
        ...triggerKeys,
      },
    },
    'kommo.continueSalesbot': {
      title: 'Continuar Salesbot',
      description: 'Permite continuar a un Salesbot que llamó al disparador «Botón de Kommo»; el bot espera hasta que se ejecute este paso. Los pasos siguientes del bot leen los datos como {{json.<key>}}.',
      params: {
        connection: kommoConnection,
        returnUrl: { label: 'URL de retorno' },
        data: { label: 'Datos para el bot', description: 'p. ej. status → success, link → {{ $steps.invoice.paymentUrl }}' },
        message: { label: 'Mensaje a mostrar', description: 'Texto opcional que el bot muestra en el chat' },
      },
    },
    'kommo.createTask': {
      title: 'Crear tarea en el trato',
      description: 'Crea una tarea de Kommo en un trato, p. ej. «Llamar al cliente: factura sin pagar desde hace 3 días hábiles».',
      params: {
        connection: kommoConnection,
        leadId,
        text: { label: 'Texto' },
        dueAt: { label: 'Vencimiento', description: 'Fecha y hora de vencimiento de la tarea; si está vacío, dentro de 24 horas' },
        taskType: { label: 'Tipo', options: { '1': 'Seguimiento', '2': 'Reunión' } },
        responsibleUserId: { label: 'Id del usuario responsable', description: 'Id de usuario de Kommo; si está vacío, el usuario del token' },
        durationMinutes: { label: 'Duración (minutos)' },
      },
    },
    'kommo.getLead': {
      title: 'Obtener trato',
      description: 'Lee un trato (lead) de Kommo con su etapa, su valor, sus campos personalizados y sus contactos.',
      params: {
        connection: kommoConnection,
        leadId,
        contactDetails: {
          label: 'Cargar datos de contacto',
          description: 'Nombres, teléfonos y correos de los contactos vinculados (una petición más)',
        },
      },
    },
    'kommo.leadStatusChanged': {
      title: 'Trato llegó a una etapa',
      description: 'Inicia una ejecución cuando un trato de Kommo pasa a una etapa del embudo. En Kommo añade un webhook (Ajustes → Integraciones → Web hooks, evento de cambio de etapa del trato, o una acción «Enviar webhook» del Digital Pipeline) que apunte a https://<flowbridge>/hooks/<ruta del webhook>. El trato se vuelve a leer por la API dentro de la ejecución, con reintentos.',
      params: {
        connection: kommoConnection,
        path: kommoHookPath,
        pipelineId: { label: 'Embudo', description: 'Solo tratos de este embudo; vacío: cualquiera' },
        statusId: { label: 'Etapa', description: 'Solo tratos que llegaron a esta etapa; vacío: cualquiera' },
        ...triggerKeys,
      },
    },
    'kommo.updateLead': {
      title: 'Actualizar trato',
      description: 'Mueve un trato de Kommo a una etapa y/o escribe su valor, su nombre y sus campos personalizados (p. ej. el enlace de pago).',
      params: {
        connection: kommoConnection,
        leadId,
        statusId: {
          label: 'Etapa',
          description: 'Déjalo vacío para mantener la etapa. Con «Cerrado – ganado/perdido» el trato se queda en su embudo salvo que se elija otro.',
        },
        pipelineId: { label: 'Embudo', description: 'Solo hace falta para mover el trato a otro embudo' },
        price: { label: 'Valor del trato' },
        name: { label: 'Nombre del trato' },
        customFields: {
          label: 'Campos personalizados',
          description: 'Id del campo (o código del campo) → valor, p. ej. 900003 → {{ $steps.invoice.paymentUrl }}. Un valor vacío borra el campo; { "enum_id": 123 } elige una opción de la lista.',
        },
      },
    },
    'stripe.paymentSucceeded': {
      title: 'Pago realizado',
      description: 'Inicia una ejecución por payment_intent.succeeded y por sesiones de Checkout pagadas, verificadas con Stripe-Signature. Emite payment.succeeded con la clave metadata.invoice_id (o invoiceId, o el client_reference_id de la sesión).',
      params: {
        connection: { label: 'Conexión de Stripe' },
        path: { label: 'Ruta del webhook', description: 'Stripe envía a /hooks/<path>; que sea difícil de adivinar' },
        ...triggerKeys,
      },
    },
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
    email: {
      title: 'Correo electrónico (SMTP)',
      description: 'Una cuenta SMTP por la que el nodo «Notificar» envía correos: facturas a clientes, avisos al jefe de departamento.',
      fields: {
        host: { label: 'Servidor SMTP' },
        port: { label: 'Puerto', description: '587 (STARTTLS) o 465 (TLS); 25 para un relé en esta máquina' },
        secure: { label: 'TLS desde el inicio', description: 'true para el puerto 465; false pasa a STARTTLS, obligatorio salvo que el servidor esté en esta máquina' },
        user: { label: 'Usuario', description: 'Vacío para un relé que no pide inicio de sesión' },
        password: { label: 'Contraseña', description: 'En Gmail o Yandex: una contraseña de aplicación, no la de la cuenta' },
        from: { label: 'Remitente (From)', placeholder: 'Robot de Flowbridge <robot@example.com>', description: 'La dirección con la que el servidor deja enviar a esta cuenta' },
      },
    },
    telegram: {
      title: 'Telegram',
      description: 'Un bot de Telegram por el que el nodo «Notificar» envía mensajes: a un gestor, a un grupo de ventas o a un canal.',
      fields: {
        botToken: { label: 'Token del bot', description: 'De @BotFather: /newbot y luego el token que entrega (123456789:AA…)' },
        baseUrl: { label: 'URL de la Bot API', description: 'Cámbiela solo si tiene su propio servidor de la Bot API' },
      },
    },
    easycount: {
      title: 'EasyCount (EZcount)',
      description: 'Facturación israelí: facturas fiscales y recibos, páginas de pago y verificación de pagos.',
      fields: {
        apiKey: { label: 'Clave de API', description: 'En los ajustes de EZcount → API; las claves de prueba vienen con una cuenta gratuita en demo.ezcount.co.il' },
        developerEmail: { label: 'Correo del desarrollador', description: 'EZcount identifica al integrador por esta dirección en cada llamada' },
        baseUrl: { label: 'URL de la API', description: 'https://demo.ezcount.co.il para el entorno de pruebas' },
      },
    },
    kommo: {
      title: 'Kommo',
      description: 'Tratos de Kommo (amoCRM): reacciona a cambios de etapa y a botones de la ficha, lee y actualiza tratos, añade notas y tareas.',
      fields: {
        baseUrl: { label: 'URL de la cuenta', description: 'https://{subdominio}.kommo.com (en amoCRM: https://{subdominio}.amocrm.ru)' },
        accessToken: {
          label: 'Token de larga duración',
          description: 'Ajustes → Integraciones → tu integración privada → Claves y alcances → Token de larga duración',
        },
        integrationSecret: {
          label: 'Clave secreta de la integración',
          description: 'Solo para el disparador «Botón de Kommo»: comprueba los tokens que firman con ella los widgets y los Salesbots de Kommo',
        },
      },
    },
    stripe: {
      title: 'Stripe',
      description: 'Marca las facturas como pagadas a partir de webhooks firmados de Stripe (payment intents y sesiones de Checkout).',
      fields: {
        webhookSecret: {
          label: 'Secreto de firma del webhook',
          description: 'Desarrolladores → Webhooks → el secreto de firma del endpoint; cada endpoint tiene el suyo',
        },
        apiKey: {
          label: 'Clave secreta de API',
          description: 'Opcional: solo se usa para probar la conexión',
          placeholder: 'sk_live_… o rk_live_…',
        },
        baseUrl: { label: 'URL de la API' },
      },
    },
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
