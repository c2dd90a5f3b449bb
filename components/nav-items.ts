// The console's areas (PRODUCT.md). `built` marks those that work today; the rest say so plainly.
export interface NavItem {
  href: string;
  label: string;
  built: boolean;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', built: true },
  { href: '/on-call', label: 'On-call', built: true },
  { href: '/models', label: 'Models', built: true },
  { href: '/experiments', label: 'Experiments', built: true },
  { href: '/runs', label: 'Runs', built: true },
  { href: '/datasets', label: 'Datasets', built: true },
  { href: '/monitoring', label: 'Monitoring', built: true },
  { href: '/fairness', label: 'Fairness', built: true },
  { href: '/promotions', label: 'Promotions', built: true },
  { href: '/jobs', label: 'Jobs', built: true },
  { href: '/audit', label: 'Audit', built: true },
  { href: '/settings', label: 'Settings', built: true },
];
