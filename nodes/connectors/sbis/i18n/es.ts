import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

const connection: ParamTexts = { label: 'Conexión de SBIS' };

const documentId: ParamTexts = {
  label: 'Id del documento',
  description: 'El id del documento en SBIS (un UUID), p. ej. de «Enviar documento a firmar» o del disparador',
};

/** Spanish texts of the sbis connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'sbis.documentChanged': {
      title: 'Documento modificado',
      description:
        'Inicia una ejecución por cada cambio que SBIS registra en los documentos de su organización (enviado, entregado, firmado, rechazado…), leyendo la lista de cambios de SBIS cada minuto. '
        + 'Si la contraparte firmó o rechazó un documento, además se produce el evento sbis.document.signed o sbis.document.rejected con el id del documento como clave, que los pasos «Esperar evento» pueden esperar.',
      params: {
        connection,
        documentType: { label: 'Tipo de documento', description: 'Solo documentos de este tipo de SBIS; vacío: todos' },
        onlyOutcomes: { label: 'Solo firmados o rechazados', description: 'Iniciar ejecuciones solo por documentos que la contraparte firmó o rechazó' },
        ...triggerKeys,
      },
    },
    'sbis.downloadFile': {
      title: 'Descargar archivo firmado',
      description:
        'Descarga un archivo de un documento de SBIS, una vez firmado, como { filename, contentBase64 } para adjuntarlo a un correo o guardarlo en pasos posteriores; con «Incluir firma», también el archivo de firma de la contraparte. Hasta 10 MB.',
      params: {
        connection,
        documentId,
        attachment: { label: 'Adjunto', description: 'Id del adjunto o nombre del archivo; vacío: el primer adjunto que no sea de servicio' },
        requireSigned: { label: 'Solo si está firmado', description: 'Fallar si la contraparte aún no ha firmado el documento' },
        withSignature: { label: 'Incluir firma', description: 'Descargar también el archivo de firma (.sgn) del adjunto' },
      },
    },
    'sbis.findCounterparty': {
      title: 'Buscar contraparte',
      description: 'Busca en SBIS una empresa o un empresario individual por INN (y KPP), p. ej. para comprobar antes del envío que el cliente puede recibir documentos por EDO. «found» es false si SBIS no lo conoce.',
      params: {
        connection,
        inn: { label: 'INN (n.º fiscal ruso)', description: '10 dígitos para una empresa, 12 para un empresario individual' },
        kpp: { label: 'KPP (código de registro)', description: 'Obligatorio para una empresa' },
      },
    },
    'sbis.getDocument': {
      title: 'Obtener documento',
      description: 'Lee un documento de SBIS con su estado (firmado, rechazado, en curso), la contraparte, los adjuntos y los eventos.',
      params: { connection, documentId },
    },
    'sbis.sendDocument': {
      title: 'Enviar documento a firmar',
      description:
        'Envía un archivo (un acta, una factura) a una contraparte para que lo firme por el EDO de SBIS: registra el documento, prepara y ejecuta el envío con la firma que SBIS guarda para usted. '
        + 'Un reintento del paso encuentra el documento que registró un intento anterior en vez de enviar otro.',
      params: {
        connection,
        documentType: {
          label: 'Tipo de documento',
          options: {
            ДокОтгрИсх: 'Acta o albarán (ДокОтгрИсх)',
            СчетИсх: 'Factura proforma para pago (СчетИсх)',
            ФактураИсх: 'Factura con IVA (ФактураИсх)',
            ДоговорИсх: 'Contrato (ДоговорИсх)',
            АктСверИсх: 'Acta de conciliación (АктСверИсх)',
          },
        },
        number: { label: 'Número del documento' },
        date: { label: 'Fecha del documento', description: 'Hoy (hora de Moscú) si está vacío' },
        counterpartyInn: { label: 'INN de la contraparte', description: '10 dígitos para una empresa, 12 para un empresario individual' },
        counterpartyKpp: { label: 'KPP de la contraparte', description: 'Obligatorio para una empresa' },
        counterpartyName: { label: 'Nombre de la contraparte', description: 'Se muestra en SBIS hasta que reconozca a la contraparte por su INN' },
        file: {
          label: 'Archivo',
          description: 'De un paso anterior: { "filename": "act.pdf", "contentBase64": "…" } o { "filename": "act.pdf", "url": "https://…" }; hasta 10 MB',
        },
        comment: { label: 'Comentario', description: 'Nota del documento y comentario del envío; la contraparte los ve' },
        regulation: { label: 'Reglamento', description: 'Nombre de una ruta documental de SBIS (Регламент); vacío: la ruta por defecto del tipo' },
      },
    },
  },
  connectors: {
    sbis: {
      title: 'EDO de SBIS (Saby)',
      description: 'Documentos electrónicos con SBIS (Saby): enviar actas y facturas a firmar, seguir su estado y descargar los archivos firmados.',
      fields: {
        baseUrl: { label: 'URL de SBIS', description: 'https://online.sbis.ru o https://online.saby.ru; https://fix-online.sbis.ru para el entorno de pruebas' },
        login: { label: 'Usuario', description: 'Un usuario de SBIS autorizado a enviar documentos de la organización indicada abajo' },
        password: { label: 'Contraseña' },
        ourInn: { label: 'Nuestro INN', description: 'INN de la organización que envía los documentos' },
        ourKpp: { label: 'Nuestro KPP', description: 'KPP de esa organización; vacío para un empresario individual' },
        certificateThumbprint: {
          label: 'Huella del certificado',
          description: 'Huella del certificado de firma que SBIS guarda para usted (firma en la nube); vacío: el que ofrezca SBIS',
        },
      },
    },
  },
};
