/** Ports of the demo's simulators; the outbound allow-list of a demo opens exactly these on loopback. */
export const DEMO_PORTS = {
  kommo: Number(process.env.FLOWBRIDGE_DEMO_KOMMO_PORT ?? 4101),
  easycount: Number(process.env.FLOWBRIDGE_DEMO_EASYCOUNT_PORT ?? 4102),
  smtp: Number(process.env.FLOWBRIDGE_DEMO_SMTP_PORT ?? 4103),
  telegram: Number(process.env.FLOWBRIDGE_DEMO_TELEGRAM_PORT ?? 4104),
} as const;
