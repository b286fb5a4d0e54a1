import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

const kommoConnection: ParamTexts = { label: 'Conexión de Kommo' };

const leadId: ParamTexts = { label: 'Id del trato' };

const kommoHookPath: ParamTexts = {
  label: 'Ruta del webhook',
  description: 'Parte secreta de la URL que se indica en Kommo: /hooks/<path>. Kommo no firma los webhooks, así que debe ser larga e imposible de adivinar.',
};

/** Spanish texts of the kommo connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
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
        responsibleUserId: { label: 'Usuario responsable', description: 'Si está vacío, el usuario del token' },
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
  },
  connectors: {
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
  },
};
