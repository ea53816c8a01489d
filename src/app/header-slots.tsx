// What the top bar shows. Features add themselves here (one line each) instead of editing the layout:
// links go in the nav, widgets (sync badge, offline indicator, account menu) sit at the right.
import type { ComponentType } from 'react';
import { BarChart3, CircleUserRound, History, MessageSquareText, Settings, type LucideIcon } from 'lucide-react';
import { PwaHeaderWidget } from '@/pwa/pwa-widgets';
import { SyncStatusBadge } from '@/features/sync-status/sync-status-badge';

export interface HeaderLink {
  to: string;
  label: string;
  /** Shown above the label on a phone, beside it on wider screens. */
  icon: LucideIcon;
  /** Other pages of this section, outside its path. */
  includes?: RegExp;
}

export interface HeaderWidget {
  id: string;
  Component: ComponentType;
}

export const headerLinks: HeaderLink[] = [
  { to: '/ai/prompts', label: 'Prompts', icon: MessageSquareText },
  // The runner (a new or an open run) and one prompt's runs are where runs live.
  { to: '/ai/prompts/runs', label: 'Runs', icon: History, includes: /^\/ai\/prompts\/(run\/|[^/]+\/runs$)/ },
  { to: '/ai/prompts/analytics', label: 'Analytics', icon: BarChart3 },
  { to: '/settings', label: 'Settings', icon: Settings },
  { to: '/account', label: 'Account', icon: CircleUserRound },
];

export const headerWidgets: HeaderWidget[] = [
  { id: 'pwa', Component: PwaHeaderWidget },
  { id: 'sync', Component: SyncStatusBadge },
];
