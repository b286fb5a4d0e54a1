import type { CatalogTexts } from '../../../sdk';

export const es: CatalogTexts = {
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
  },
};
