import type { Role } from '@pdca/domain/stages';
import type { ReactNode } from 'react';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { NavLinks, PageTitle } from '../../ui';

/** Who may open the HQ administration pages at all (the server checks each command again). */
export const ADMIN_ROLES: Role[] = ['hq_admin', 'admin'];

const SECTIONS = [
  { path: '/admin/cycles', key: 'admin.cycles.nav' },
  { path: '/admin/import', key: 'admin.import.nav' },
  { path: '/admin/groups', key: 'admin.groups.nav' },
  { path: '/admin/users', key: 'admin.users.nav' },
  { path: '/admin/settings', key: 'admin.settings.nav' },
] as const;

/**
 * The HQ administration frame: its own menu, and for anyone without an admin role only a sentence
 * (an auditor who types the address sees no control, not even a disabled one).
 */
export function AdminLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const { has } = useAuth();
  if (!has(...ADMIN_ROLES))
    return (
      <section>
        <PageTitle>{t('admin.title')}</PageTitle>
        <p className="alert info" role="status">
          {t('admin.forbidden')}
        </p>
      </section>
    );
  return (
    <section>
      <nav aria-label={t('admin.sections')} className="subnav">
        <NavLinks links={SECTIONS} />
      </nav>
      <PageTitle>{title}</PageTitle>
      {children}
    </section>
  );
}
