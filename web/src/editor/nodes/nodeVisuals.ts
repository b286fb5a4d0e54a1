import type { NodeKind } from '../../api/types';
import type { IconName } from '../../components/Icon';

export const KIND_ICON: Record<NodeKind, IconName> = {
  trigger: 'bolt',
  condition: 'branch',
  action: 'play',
  expression: 'code',
  wait: 'clock',
  loop: 'repeat',
};

const CATEGORY_COLOR: Record<string, string> = {
  Triggers: '#d97706',
  Logic: '#7c3aed',
  Data: '#0891b2',
  Actions: '#2563eb',
  Waits: '#ea580c',
  CRM: '#0d9488',
  Billing: '#16a34a',
  Payments: '#db2777',
  Documents: '#4f46e5',
  Messaging: '#0284c7',
};

const FALLBACK = ['#475569', '#9333ea', '#0f766e', '#b45309', '#be123c', '#1d4ed8'];

export function categoryColor(category: string | undefined): string {
  if (!category) return '#64748b';
  if (CATEGORY_COLOR[category]) return CATEGORY_COLOR[category];
  let hash = 0;
  for (const ch of category) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return FALLBACK[Math.abs(hash) % FALLBACK.length];
}

export const CATEGORY_ORDER = ['Triggers', 'Logic', 'Data', 'Actions', 'Waits'];
