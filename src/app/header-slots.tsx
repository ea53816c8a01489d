// What the top bar shows. Features add themselves here (one line each) instead of editing the layout:
// links go in the nav, widgets (sync badge, offline indicator, account menu) sit at the right.
import type { ComponentType } from 'react';
import { PwaHeaderWidget } from '@/pwa/pwa-widgets';

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
];

export const headerWidgets: HeaderWidget[] = [{ id: 'pwa', Component: PwaHeaderWidget }];
