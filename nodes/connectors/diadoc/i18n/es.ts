import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

const connection: ParamTexts = { label: 'Conexión de Diadoc' };
const boxId: ParamTexts = { label: 'Id del buzón', description: 'Nuestro buzón; vacío: el indicado en la conexión' };
const messageId: ParamTexts = { label: 'Id del mensaje', description: 'El id del mensaje de Diadoc (un GUID), p. ej. de «Enviar documento» o del disparador' };

/** Spanish texts of the diadoc connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'diadoc.documentChanged': {
      title: 'Evento de documento',
      description:
        'Inicia una ejecución por cada evento del buzón de Diadoc (mensaje enviado o recibido, firma, rechazo), leído del flujo de eventos del buzón cada minuto, cada evento una sola vez. '
        + 'Si la contraparte firma o rechaza un documento, se genera además el evento diadoc.document.signed o diadoc.document.rejected con el id del mensaje como clave, que los pasos «Esperar evento» pueden esperar.',
      params: {
        connection,
        boxId,
        direction: { label: 'Documentos', options: { Outbound: 'Enviados por nosotros', Inbound: 'Recibidos', Any: 'Todos' } },
        onlyOutcomes: { label: 'Solo firmados o rechazados', description: 'Iniciar ejecuciones solo por documentos que la contraparte firmó o rechazó' },
        ...triggerKeys,
      },
    },
    'diadoc.findCounterparty': {
      title: 'Buscar contraparte',
      description: 'Busca una empresa o un empresario en Diadoc por INN (y KPP) y da su buzón, p. ej. para comprobar antes de enviar que el cliente puede recibir documentos. «found» es false si no tiene buzón en Diadoc.',
      params: {
        connection,
        inn: { label: 'INN (n.º fiscal ruso)', description: '10 dígitos para una empresa, 12 para un empresario individual' },
        kpp: { label: 'KPP (código de registro)', description: 'Distingue las sucursales de una empresa; vacío: cualquiera' },
      },
    },
    'diadoc.getDocument': {
      title: 'Obtener estado del documento',
      description: 'Lee un documento de un mensaje de Diadoc y su estado; «signed» y «rejected» dicen qué hizo el destinatario.',
      params: {
        connection,
        messageId,
        entityId: { label: 'Id del documento (entidad)', description: 'El id de entidad del documento dentro del mensaje' },
        boxId,
      },
    },
    'diadoc.getMessage': {
      title: 'Obtener mensaje',
      description: 'Lee un mensaje de Diadoc con sus documentos y dónde está cada uno: esperando al destinatario, firmado, rechazado.',
      params: { connection, messageId, boxId },
    },
    'diadoc.getMyOrganizations': {
      title: 'Mis organizaciones',
      description: 'Lista las organizaciones con las que trabaja este usuario de Diadoc y sus buzones; «boxId» es el buzón que los demás pasos de Diadoc usan por defecto.',
      params: { connection },
    },
    'diadoc.sendDocument': {
      title: 'Enviar documento',
      description:
        'Envía un archivo (un acta, una factura, un contrato) al buzón de Diadoc de una contraparte para su firma. Con firma se envía al momento; sin ella queda como borrador para firmar y enviar en Diadoc. '
        + 'Un reintento del paso encuentra el mensaje que publicó un intento anterior en vez de publicar otro.',
      params: {
        connection,
        file: { label: 'Archivo', description: 'De un paso anterior, p. ej. {{ $steps.act }}: { "filename": "act.pdf", "contentBase64": "…" }; 10 MB como máximo' },
        counterpartyInn: { label: 'INN de la contraparte', description: 'Sirve para encontrar el buzón de la contraparte; no hace falta con un id de buzón' },
        counterpartyKpp: { label: 'KPP de la contraparte', description: 'Distingue las sucursales de una empresa' },
        toBoxId: { label: 'Id del buzón de la contraparte', description: 'El buzón del destinatario, si se conoce (p. ej. de «Buscar contraparte»)' },
        typeNamedId: {
          label: 'Tipo de documento',
          options: {
            Nonformalized: 'Cualquier archivo (no formalizado)',
            UniversalTransferDocument: 'Documento universal de transferencia (UPD)',
            XmlAcceptanceCertificate: 'Acta de aceptación (XML)',
            Invoice: 'Factura con IVA (XML)',
            Contract: 'Contrato',
          },
        },
        function: { label: 'Función', description: 'Para tipos formalizados, p. ej. СЧФДОП para un UPD; vacío: la predeterminada' },
        version: { label: 'Versión del formato', description: 'Para tipos formalizados; vacío: la que elija Diadoc' },
        number: { label: 'Número del documento' },
        date: { label: 'Fecha del documento', description: 'DD.MM.AAAA' },
        comment: { label: 'Comentario', description: 'Lo ve la contraparte' },
        signature: { label: 'Firma (base64)', description: 'Una firma CMS separada del archivo; vacío: el documento queda como borrador para firmar en Diadoc' },
        needRecipientSignature: { label: 'Pedir la firma del destinatario' },
        boxId,
      },
    },
  },
  connectors: {
    diadoc: {
      title: 'Diadoc (Kontur) EDI',
      description: 'Documentos electrónicos con Kontur.Diadoc: enviar actas, facturas y contratos al buzón de una contraparte, seguir su firma por el flujo de eventos del buzón, buscar contrapartes por INN.',
      fields: {
        baseUrl: { label: 'URL de la API de Diadoc', description: 'https://diadoc-api.kontur.ru; la URL de un entorno de pruebas si Kontur le dio una' },
        apiClientId: { label: 'Clave de desarrollador', description: 'La clave de integrador (ddauth_api_client_id) que Kontur emitió para esta integración' },
        login: { label: 'Usuario', description: 'Un usuario de Diadoc con acceso al buzón de abajo; con contraseña, el token se renueva solo' },
        password: { label: 'Contraseña' },
        token: { label: 'Token de acceso', description: 'Un token ya obtenido en lugar de usuario y contraseña (p. ej. de un inicio de sesión con certificado); aquí no se puede renovar' },
        boxId: { label: 'Id del buzón', description: 'El buzón desde el que se envían los documentos; vacío: el primer buzón de su primera organización' },
      },
    },
  },
};
