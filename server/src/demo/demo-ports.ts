/** Ports of the demo's simulators. */
export const DEMO_PORTS = {
  kommo: Number(process.env.FLOWBRIDGE_DEMO_KOMMO_PORT ?? 4101),
  easycount: Number(process.env.FLOWBRIDGE_DEMO_EASYCOUNT_PORT ?? 4102),
  smtp: Number(process.env.FLOWBRIDGE_DEMO_SMTP_PORT ?? 4103),
  telegram: Number(process.env.FLOWBRIDGE_DEMO_TELEGRAM_PORT ?? 4104),
} as const;

/**
 * The ones flows reach over HTTP: the outbound allow-list of a demo opens exactly these on loopback.
 * SMTP goes through no HTTP client, so its port needs no opening.
 */
export const DEMO_HTTP_PORTS: readonly number[] = [DEMO_PORTS.kommo, DEMO_PORTS.easycount, DEMO_PORTS.telegram];
