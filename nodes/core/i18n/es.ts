import type { CatalogTexts } from '../../sdk/texts';
import { triggerKeys } from '../../sdk/i18n/es';

const timeUnits = { minutes: 'minutos', hours: 'horas', days: 'días', workdays: 'días laborables' };

/** Spanish texts of the core nodes and the port names; English is the definitions themselves. */
export const es: CatalogTexts = {
  ports: {
    create: 'crear',
    overwritten: 'sobrescrito',
    unchanged: 'sin cambios',
    update: 'actualizar',
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
    'core.document': {
      title: 'Generar un documento (PDF)',
      description: 'Genera un acta, una factura o cualquier documento con una tabla de líneas en PDF: título, número y fecha, las dos partes, líneas con cantidad y precio, el total. Su salida { filename, contentType, contentBase64 } es un adjunto para «Notificar» o un campo de archivo del CRM.',
      params: {
        title: { label: 'Título', placeholder: 'Acta de servicios prestados' },
        number: { label: 'Número' },
        date: { label: 'Fecha', description: 'Vacío: hoy' },
        seller: { label: 'De', description: 'Quién lo emite: nombre, identificación fiscal, dirección' },
        buyer: { label: 'Para', description: 'Quién lo recibe' },
        lines: { label: 'Líneas', fields: { description: { label: 'Descripción' }, quantity: { label: 'Cantidad' }, price: { label: 'Precio' } } },
        currency: { label: 'Moneda' },
        language: { label: 'Idioma del documento', options: { ru: 'Ruso', en: 'Inglés', es: 'Español' } },
        footer: { label: 'Texto bajo la tabla', placeholder: 'Los servicios se prestaron por completo; el cliente no tiene reclamaciones.' },
        filename: { label: 'Nombre del archivo', placeholder: 'acta-{{ $trigger.deal.id }}.pdf' },
      },
    },
    'core.notify': {
      title: 'Notificar',
      description: 'Envía un correo (con adjuntos de un paso anterior, p. ej. el PDF de la factura), un mensaje de Telegram, una notificación de Bitrix24 o una tarea de Kommo, p. ej. al jefe de departamento encontrado antes en el flujo. '
        + 'Kommo no tiene notificaciones personales, así que el canal Kommo crea en el trato una tarea para el destinatario con vencimiento en 24 horas. '
        + 'Un paso reintentado envía el correo con el mismo Message-ID y la notificación de Bitrix24 con la misma etiqueta, que reemplaza a la primera; '
        + 'Telegram no tiene esa clave, así que un reintento tras una respuesta perdida puede repetir el mensaje; Kommo tampoco, así que un reintento busca primero la tarea abierta que pudo haber creado.',
      params: {
        channel: { label: 'Canal', options: { email: 'Correo electrónico', telegram: 'Telegram', bitrix24: 'Notificación de Bitrix24', kommo: 'Tarea de Kommo' } },
        emailConnection: { label: 'Conexión de correo' },
        to: { label: 'Para', description: 'Direcciones separadas por comas, o una expresión que dé una lista', placeholder: 'jefe@example.com, {{ $steps.dept.headEmail }}' },
        cc: { label: 'Con copia (CC)' },
        replyTo: { label: 'Responder a' },
        subject: { label: 'Asunto', placeholder: 'Factura {{ $steps.invoice.number }} creada' },
        text: { label: 'Texto', description: 'El texto plano del correo, o todo el mensaje de Telegram (4096 caracteres como máximo), la notificación de Bitrix24 o la tarea de Kommo' },
        html: { label: 'Cuerpo HTML', description: 'Solo correo: la versión con formato, que los programas de correo que pueden muestran en lugar del texto' },
        attachments: {
          label: 'Adjuntos',
          description: 'Solo correo: {"filename": "invoice.pdf", "contentBase64": "…"} o {"filename", "url"}, o una lista de ellos, p. ej. {{ $steps.invoice.pdf }}; 10 archivos y 10 MB en total',
        },
        telegramConnection: { label: 'Bot de Telegram' },
        chatId: { label: 'Id del chat', description: 'Una persona, grupo o canal al que el bot puede escribir: su id numérico, o @nombredelcanal' },
        parseMode: { label: 'Formato', options: { plain: 'Texto sin formato', MarkdownV2: 'MarkdownV2' } },
        bitrix24Connection: { label: 'Conexión de Bitrix24' },
        bitrix24User: { label: 'Id de usuario de Bitrix24', description: 'A quién notificar, p. ej. el jefe de departamento encontrado antes en el flujo' },
        kommoConnection: { label: 'Conexión de Kommo' },
        kommoUser: { label: 'Id de usuario de Kommo', description: 'Para quién es la tarea' },
        kommoLeadId: { label: 'Id del trato de Kommo', description: 'En qué trato va la tarea' },
      },
    },
    'core.syncCheck': {
      title: 'Sincronización bidireccional: comprobar un cambio',
      description: 'Busca el registro cambiado en el mapa de identificadores de la sincronización y compara los campos sincronizados con lo que la sincronización escribió o vio la última vez. «crear»: el otro lado aún no tiene su par; «actualizar»: un cambio real que enviar; «sin cambios»: nada nuevo, o la propia escritura de la sincronización que vuelve (detenerse aquí, sin eco). Si se dan los campos actuales del par, un cambio en ambos lados desde la última sincronización es un conflicto, resuelto por la regla y visible en la salida; «sobrescrito» se activa cuando gana el otro lado, para que el flujo lo escriba aquí.',
      params: {
        sync: { label: 'Nombre de la sincronización', description: 'El mismo nombre en los flujos de ambas direcciones' },
        side: { label: 'Este cambio viene de', options: { left: 'Izquierda (p. ej. el CRM)', right: 'Derecha (p. ej. el portal del socio)' } },
        id: { label: 'Id del registro en este lado' },
        record: { label: 'Campos sincronizados, tal como los tiene este lado', description: 'Los campos que comparten ambos lados, con los mismos nombres, p. ej. { "title": …, "amount": …, "inn": … }' },
        otherRecord: { label: 'Campos del par ahora (opcional)', description: 'Leídos del otro lado, con los mismos nombres: permiten detectar y resolver un cambio en ambos lados' },
        conflictRule: { label: 'Si cambiaron ambos lados', options: { this: 'Gana este cambio', other: 'Gana el otro lado', newest: 'Gana el cambio más reciente' } },
        changedAt: { label: 'Cuándo cambió este lado', description: 'Para «gana el más reciente», p. ej. {{ $trigger.deal.dateModify }}' },
        otherChangedAt: { label: 'Cuándo cambió el otro lado', description: 'Para «gana el más reciente», de los campos del par' },
      },
    },
    'core.syncLink': {
      title: 'Sincronización bidireccional: recordar',
      description: 'Guarda el par de ids (izquierda y derecha) con el nombre de la sincronización y una huella de los campos sincronizados de cada lado, después de que el flujo creara o actualizara el par. Así «comprobar un cambio» en la dirección contraria toma la escritura que vuelve como sin cambios. Guardar el mismo par otra vez no cambia nada.',
      params: {
        sync: { label: 'Nombre de la sincronización' },
        leftId: { label: 'Id de la izquierda' },
        rightId: { label: 'Id de la derecha' },
        leftRecord: { label: 'Campos sincronizados a la izquierda ahora' },
        rightRecord: { label: 'Campos sincronizados a la derecha ahora', description: 'Lo que se acaba de escribir allí, con los mismos nombres que a la izquierda' },
      },
    },
    'core.tableUpsert': {
      title: 'Escribir en tabla',
      description: 'Escribe una fila en una tabla de datos, p. ej. un registro de llamada o un negocio recibido por webhook. Con la clave única de la tabla: «Insertar o actualizar» combina las celdas dadas con la fila de la misma clave, «Omitir si la clave existe» deja esa fila como está, «Insertar» falla si ya existe. Un paso reintentado nunca inserta dos veces.',
      params: {
        table: { label: 'Tabla', description: "Nombre de la tabla de datos (Tablas en el menú); las expresiones leen sus filas como {{ $tables.<name>['key'] }}" },
        fields: { label: 'Fila', description: 'Columna → valor, p. ej. callId → {{ $trigger.body.call_id }}; los valores se comprueban según el tipo de columna' },
        mode: { label: 'Si la clave ya existe', options: { upsert: 'Insertar o actualizar', skip: 'Omitir si la clave existe', insert: 'Insertar (error si la clave existe)' } },
      },
    },
    'core.tableQuery': {
      title: 'Consultar tabla',
      description: 'Lee las filas de una tabla de datos que cumplen los filtros (un valor, o un rango para números y fechas), ordenadas, 1000 como máximo. Su salida es { rows, count, total }: count son las filas devueltas, total todas las que cumplen.',
      params: {
        table: { label: 'Tabla', description: "Nombre de la tabla de datos (Tablas en el menú); las expresiones leen sus filas como {{ $tables.<name>['key'] }}" },
        filters: { label: 'Filtros', description: 'Columna → valor, o → { "from": …, "to": … } (from incluido, to excluido), p. ej. { "manager": "ivanov", "startedAt": { "from": "{{ $now }}" } }' },
        sortBy: { label: 'Ordenar por columna' },
        sortDirection: { label: 'Orden', options: { asc: 'Ascendente', desc: 'Descendente' } },
        limit: { label: 'Como máximo' },
      },
    },
    'core.commission': {
      title: 'Comisión',
      description: 'Calcula una comisión con una tabla de reglas: un porcentaje por tramos de importe, por producto o por gestor, bonos fijos y topes. «Primera regla que coincide» aplica una regla por importe; «Tramos acumulativos» aplica el porcentaje de cada tramo a la parte del importe dentro de él. El dinero es exacto (decimales, nunca float); cada parte se redondea a la unidad menor de la moneda y el desglose explica el resultado.',
      params: {
        amount: { label: 'Importe', description: 'La base, p. ej. {{ $steps.invoice.opportunity }}; se admite coma decimal. Déjelo vacío si hay líneas de productos' },
        currency: { label: 'Moneda' },
        manager: { label: 'Gestor', description: 'Para reglas de un solo gestor, p. ej. {{ $steps.deal.ASSIGNED_BY_ID }}' },
        lines: { label: 'Líneas de productos', description: 'Lista opcional de { product, amount }: las reglas de un producto se aplican a sus líneas, p. ej. {{ $steps.rows.result }}' },
        mode: { label: 'Cómo se combinan las reglas', options: { first: 'Primera regla que coincide', tiers: 'Tramos acumulativos' } },
        rules: {
          label: 'Reglas',
          fields: {
            label: { label: 'Nombre' },
            manager: { label: 'Solo para el gestor' },
            product: { label: 'Solo para el producto' },
            from: { label: 'Desde el importe (incluido)' },
            to: { label: 'Hasta el importe (excluido)' },
            percent: { label: 'Porcentaje' },
            fixed: { label: 'Bono fijo' },
            cap: { label: 'Como máximo' },
          },
        },
        cap: { label: 'Total como máximo', description: 'Un techo para toda la comisión' },
        rounding: { label: 'Redondeo', options: { halfUp: 'Al más cercano, 0,005 → 0,01', halfEven: 'Al par (bancario)', down: 'Hacia abajo', up: 'Hacia arriba' } },
      },
    },
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
  },
};
