import { ROLE_LABELS, ROLES, type Role } from '@pdca/domain/stages';
import { lazy, type ReactNode, Suspense } from 'react';
import { homePath, useAuth } from './auth';
import { changeLanguage, useI18n } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { Link, matchPath, Redirect, useLocation } from './router';
import { NavLinks, PageTitle } from './ui';

const TaskInboxPage = lazy(() => import('./pages/TaskInboxPage'));
const TaskPage = lazy(() => import('./pages/TaskPage'));
const SubmissionPage = lazy(() => import('./pages/SubmissionPage'));
const ApprovalInboxPage = lazy(() => import('./pages/ApprovalInboxPage'));
const ApprovalPage = lazy(() => import('./pages/ApprovalPage'));
const PolicyEvaluationPage = lazy(() => import('./pages/PolicyEvaluationPage'));
const ExternalResponsePage = lazy(() => import('./pages/ExternalResponsePage'));
const VerificationRoundPage = lazy(() => import('./pages/VerificationRoundPage'));
const VerificationRoundsPage = lazy(() => import('./pages/VerificationRoundsPage'));
const BoardPage = lazy(() => import('./pages/BoardPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const PlanReportPage = lazy(() => import('./pages/PlanReportPage'));
const EditionsPage = lazy(() => import('./pages/EditionsPage'));
const BudgetPage = lazy(() => import('./pages/BudgetPage'));
const BudgetStatusPage = lazy(() => import('./pages/BudgetStatusPage'));
const ItemBudgetPage = lazy(() => import('./pages/ItemBudgetPage'));
const FinanceImportPage = lazy(() => import('./pages/FinanceImportPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const AuditItemPage = lazy(() => import('./pages/AuditItemPage'));
const AdminCyclesPage = lazy(() => import('./pages/admin/AdminCyclesPage'));
const AdminCyclePage = lazy(() => import('./pages/admin/AdminCyclePage'));
const ImportPage = lazy(() => import('./pages/admin/ImportPage'));
const GroupsPage = lazy(() => import('./pages/admin/GroupsPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const SettingsPage = lazy(() => import('./pages/admin/SettingsPage'));
const NotificationSettingsPage = lazy(() => import('./pages/NotificationSettingsPage'));
const ExternalReviewsPage = lazy(() => import('./pages/ExternalReviewsPage'));
const ExternalReviewPage = lazy(() => import('./pages/ExternalReviewPage'));

interface NavEntry {
  path: string;
  key: string;
  roles: Role[];
}

const NAV: NavEntry[] = [
  // A committee member's tasks are their rounds still missing their 意見.
  { path: '/tasks', key: 'nav.tasks', roles: ['wg_leader', 'external_reviewer'] },
  { path: '/approvals', key: 'nav.approvals', roles: ['hq_approver', 'hq_admin'] },
  { path: '/plans', key: 'nav.plans', roles: ROLES.filter((r) => r !== 'external_reviewer') },
  { path: '/board', key: 'nav.board', roles: ['hq_admin', 'hq_approver', 'admin', 'auditor'] },
  { path: '/budget', key: 'nav.budget', roles: ['hq_approver', 'hq_admin', 'auditor', 'admin'] },
  // 予算反映状況 (#26): the budget chain per year; 財政課 enters and imports 査定額 / 当初予算額 from it.
  {
    path: '/budget-status',
    key: 'nav.budgetStatus',
    roles: ['finance', 'hq_approver', 'hq_admin', 'auditor', 'admin'],
  },
  { path: '/audit', key: 'nav.audit', roles: ['auditor', 'hq_admin', 'admin'] },
  {
    path: '/external-reviews',
    key: 'nav.externalReviews',
    roles: ['hq_admin', 'hq_approver', 'auditor', 'admin', 'external_reviewer'],
  },
  // 事業検証 (#26): the year's rounds; HQ's administrator opens one there.
  {
    path: '/verification-rounds',
    key: 'nav.verification',
    roles: ['hq_admin', 'hq_approver', 'auditor', 'admin'],
  },
  { path: '/admin', key: 'nav.admin', roles: ['hq_admin', 'admin'] },
  // The page every mail's footer names (通知設定): for the roles that receive mail.
  {
    path: '/notifications',
    key: 'nav.notifications',
    roles: ['wg_leader', 'hq_approver', 'hq_admin', 'external_reviewer'],
  },
];

/**
 * An 外部評価委員 (#25) reads only the rounds they sit on (the API refuses the rest): these pages,
 * and the history of an item of their rounds. Any other page says so instead of failing.
 */
const REVIEWER_ROUTES = new Set([
  '/external-reviews',
  '/external-reviews/:reviewId',
  '/audit/items/:itemId',
  '/notifications',
  // Their tasks: the rounds with items still missing their 意見.
  '/tasks',
]);

function ReviewerOnly() {
  const { t } = useI18n();
  return (
    <section data-testid="reviewer-only">
      <PageTitle>{t('extReview.title')}</PageTitle>
      <p className="alert info">{t('extReview.reviewerOnly')}</p>
      <p>
        <Link to="/external-reviews">{t('extReview.toRounds')}</Link>
      </p>
    </section>
  );
}

function LanguageSwitch() {
  const { t, lang } = useI18n();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('lang.label')}</legend>
      {(['ja', 'en'] as const).map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={lang === code}
          onClick={() => changeLanguage(code)}
        >
          {t(`lang.${code}`)}
        </button>
      ))}
    </fieldset>
  );
}

type Page = (params: Record<string, string>) => ReactNode;

const ROUTES: Array<[string, Page]> = [
  ['/tasks', () => <TaskInboxPage />],
  ['/cycles/:cycleId/tasks/:taskId', (p) => <TaskPage cycleId={p.cycleId!} taskId={p.taskId!} />],
  [
    '/cycles/:cycleId/tasks/:taskId/submission',
    (p) => <SubmissionPage cycleId={p.cycleId!} taskId={p.taskId!} />,
  ],
  ['/approvals', () => <ApprovalInboxPage />],
  [
    '/cycles/:cycleId/approvals/:approvalId',
    (p) => <ApprovalPage cycleId={p.cycleId!} approvalId={p.approvalId!} />,
  ],
  ['/policy-evaluations/:evaluationId', (p) => <PolicyEvaluationPage evaluationId={p.evaluationId!} />],
  ['/external-responses/:responseId', (p) => <ExternalResponsePage responseId={p.responseId!} />],
  ['/verification-rounds', () => <VerificationRoundsPage />],
  ['/verification-rounds/:roundId', (p) => <VerificationRoundPage roundId={p.roundId!} />],
  ['/plans', () => <PlanPage />],
  ['/plans/:planId', (p) => <PlanPage planId={p.planId!} />],
  ['/plans/:planId/report', (p) => <PlanReportPage planId={p.planId!} />],
  ['/plans/:planId/editions', (p) => <EditionsPage planId={p.planId!} />],
  ['/board', () => <BoardPage />],
  ['/budget', () => <BudgetPage />],
  ['/budget-status', () => <BudgetStatusPage />],
  ['/budget-status/import', () => <FinanceImportPage />],
  ['/items/:itemId/budgets', (p) => <ItemBudgetPage itemId={p.itemId!} />],
  ['/audit', () => <AuditPage />],
  ['/audit/items/:itemId', (p) => <AuditItemPage itemId={p.itemId!} />],
  ['/admin', () => <Redirect to="/admin/cycles" />],
  ['/admin/cycles', () => <AdminCyclesPage />],
  ['/admin/cycles/:cycleId', (p) => <AdminCyclePage cycleId={p.cycleId!} />],
  ['/admin/import', () => <ImportPage />],
  ['/admin/groups', () => <GroupsPage />],
  ['/admin/users', () => <UsersPage />],
  ['/admin/settings', () => <SettingsPage />],
  ['/notifications', () => <NotificationSettingsPage />],
  ['/external-reviews', () => <ExternalReviewsPage />],
  ['/external-reviews/:reviewId', (p) => <ExternalReviewPage reviewId={p.reviewId!} />],
];

function Routes() {
  const { path } = useLocation();
  const { user, has } = useAuth();
  if (!user) return <LoginPage />;
  for (const [pattern, page] of ROUTES) {
    const params = matchPath(pattern, path);
    if (!params) continue;
    if (has('external_reviewer') && !REVIEWER_ROUTES.has(pattern)) return <ReviewerOnly />;
    return page(params);
  }
  return <Redirect to={homePath(user)} />;
}

export function App() {
  const { t, l } = useI18n();
  const { user, signOut, has } = useAuth();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="brand">{t('app.title')}</div>
        {user && (
          <nav aria-label={t('nav.main')}>
            <NavLinks links={NAV.filter((n) => has(...n.roles))} className="nav-list" />
          </nav>
        )}
        <div className="header-tools">
          <LanguageSwitch />
          {user && (
            <>
              <span className="who" data-testid="current-user">
                {user.displayName}
                <small>{user.roles.map((r) => l(ROLE_LABELS[r])).join('・')}</small>
              </span>
              <button type="button" className="secondary" onClick={signOut}>
                {t('auth.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main">
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <Routes />
        </Suspense>
      </main>
    </>
  );
}
