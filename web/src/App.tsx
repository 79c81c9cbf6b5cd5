/** Routes of the portal; each page is loaded when first visited. */
import { FluentProvider, makeStaticStyles, Spinner, tokens } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Shell } from './components/Shell';
import { Home } from './features/customer/Home';
import { SignIn } from './features/SignIn';
import { I18n } from './i18n';
import { SessionProvider, useSession } from './session';
import { initialTheme, THEME, type ThemeName } from './theme';

const RequestWizard = lazy(() =>
  import('./features/requests/RequestWizard').then((m) => ({ default: m.RequestWizard })),
);
const RequestsPage = lazy(() =>
  import('./features/requests/RequestsPage').then((m) => ({ default: m.RequestsPage })),
);
const RequestEdit = lazy(() =>
  import('./features/requests/RequestEdit').then((m) => ({ default: m.RequestEdit })),
);
const SubscriptionsPage = lazy(() =>
  import('./features/subscriptions/SubscriptionsPage').then((m) => ({ default: m.SubscriptionsPage })),
);
const RequestDetail = lazy(() =>
  import('./features/requests/RequestDetail').then((m) => ({ default: m.RequestDetail })),
);
const EngagementsPage = lazy(() =>
  import('./features/engagements/EngagementsPage').then((m) => ({ default: m.EngagementsPage })),
);
const EngagementView = lazy(() =>
  import('./features/engagements/EngagementView').then((m) => ({ default: m.EngagementView })),
);
const RelationshipsPage = lazy(() =>
  import('./features/relationships/RelationshipsPage').then((m) => ({ default: m.RelationshipsPage })),
);
const PartnersPage = lazy(() =>
  import('./features/relationships/PartnersPage').then((m) => ({ default: m.PartnersPage })),
);
const Dashboard = lazy(() => import('./features/center/Dashboard').then((m) => ({ default: m.Dashboard })));
const ReferralsPage = lazy(() =>
  import('./features/referrals/ReferralsPage').then((m) => ({ default: m.ReferralsPage })),
);
const NotificationSettingsPage = lazy(() =>
  import('./features/notifications/NotificationSettingsPage').then((m) => ({
    default: m.NotificationSettingsPage,
  })),
);
const PeoplePage = lazy(() =>
  import('./features/people/PeoplePage').then((m) => ({ default: m.PeoplePage })),
);
const AvailabilityPage = lazy(() =>
  import('./features/people/AvailabilityPage').then((m) => ({ default: m.AvailabilityPage })),
);
const PartnerProfilePage = lazy(() =>
  import('./features/partners-profile/PartnerProfilePage').then((m) => ({ default: m.PartnerProfilePage })),
);

/**
 * Plain links take the theme's link colour (readable in dark and high-contrast themes too); the page
 * has no margin of its own, so the bar spans the screen edge to edge.
 */
const useLinkStyles = makeStaticStyles({
  body: { margin: 0 },
  a: { color: tokens.colorBrandForegroundLink },
  'a:hover': { color: tokens.colorBrandForegroundLinkHover },
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

function SignedIn({
  children,
  theme,
  onTheme,
}: {
  children: ReactNode;
  theme: ThemeName;
  onTheme: (t: ThemeName) => void;
}) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spinner />;
  if (!me)
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  return (
    <Shell theme={theme} onTheme={onTheme}>
      <Suspense fallback={<Spinner />}>{children}</Suspense>
    </Shell>
  );
}

function Localised({ children }: { children: ReactNode }) {
  const { language } = useSession();
  return <I18n language={language}>{children}</I18n>;
}

export function App() {
  useLinkStyles();
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const onTheme = (t: ThemeName) => {
    localStorage.setItem('ftc.theme', t);
    setTheme(t);
  };
  const page = (node: ReactNode) => (
    <SignedIn theme={theme} onTheme={onTheme}>
      {node}
    </SignedIn>
  );
  return (
    <FluentProvider theme={THEME[theme]} style={{ minHeight: '100vh' }}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <Localised>
            <BrowserRouter>
              <Routes>
                <Route path="/signin" element={<SignIn />} />
                <Route path="/" element={page(<Home />)} />
                <Route path="/requests/new" element={page(<RequestWizard />)} />
                <Route path="/requests" element={page(<RequestsPage />)} />
                <Route path="/requests/:id" element={page(<RequestDetail />)} />
                <Route path="/requests/:id/edit" element={page(<RequestEdit />)} />
                <Route path="/customers/:id/subscriptions" element={page(<SubscriptionsPage />)} />
                <Route path="/engagements" element={page(<EngagementsPage />)} />
                <Route path="/engagements/:id" element={page(<EngagementView />)} />
                <Route path="/relationships" element={page(<RelationshipsPage />)} />
                <Route path="/partners" element={page(<PartnersPage />)} />
                <Route path="/dashboard" element={page(<Dashboard />)} />
                <Route path="/referrals" element={page(<ReferralsPage />)} />
                <Route path="/settings/notifications" element={page(<NotificationSettingsPage />)} />
                <Route path="/people" element={page(<PeoplePage />)} />
                <Route path="/settings/availability" element={page(<AvailabilityPage />)} />
                <Route path="/partner-profile" element={page(<PartnerProfilePage />)} />
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </BrowserRouter>
          </Localised>
        </SessionProvider>
      </QueryClientProvider>
    </FluentProvider>
  );
}
