// What the top bar shows. Features add themselves here (one line each) instead of editing the layout:
// links go in the nav, widgets (sync badge, offline indicator, account menu) sit at the right.
import type { ComponentType } from 'react';
import { PwaHeaderWidget } from '@/pwa/pwa-widgets';
import { SyncStatusBadge } from '@/features/sync-status/sync-status-badge';

export interface HeaderLink {
  to: string;
  label: string;
}

export interface HeaderWidget {
  id: string;
  Component: ComponentType;
}

export const headerLinks: HeaderLink[] = [
  { to: '/ai/prompts', label: 'Prompts' },
  { to: '/ai/prompts/runs', label: 'Runs' },
  { to: '/settings', label: 'Settings' },
  { to: '/account', label: 'Account' },
];

export const headerWidgets: HeaderWidget[] = [
  { id: 'pwa', Component: PwaHeaderWidget },
  { id: 'sync', Component: SyncStatusBadge },
];
