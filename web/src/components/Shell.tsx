/**
 * The frame of every signed-in page: product name, navigation, organisation, language, theme, sign-out.
 * On a phone-sized screen the bar keeps the product name and the bell; the rest opens under a menu
 * button and closes again when a page is chosen.
 */
import { Button, Dropdown, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import { type ReactNode, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { type Language, LANGUAGES } from '../i18n';
import { useT } from '../i18n';
import { useSession } from '../session';
import { type ThemeName, THEMES } from '../theme';
import { NotificationBell } from './NotificationBell';
import { NARROW, useMediaQuery } from './useMediaQuery';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecorationLine: 'none',
  },
  nav: { display: 'flex', gap: tokens.spacingHorizontalM, flexGrow: 1 },
  // also when hovered: the portal-wide a:hover colour is not readable on the brand background
  navLink: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand },
  },
  main: {
    padding: tokens.spacingHorizontalXL,
    maxWidth: '1200px',
    margin: '0 auto',
    '@media (max-width: 640px)': { padding: tokens.spacingHorizontalL },
  },
  control: { minWidth: '140px' },
  spacer: { flexGrow: 1 },
  // the phone's menu: a full-width panel under the bar, one item per line
  menu: {
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    flexBasis: '100%',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalS,
  },
  menuNav: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  ja: '日本語',
  ko: '한국어',
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  th: 'ไทย',
  vi: 'Tiếng Việt',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

export function LanguagePicker() {
  const t = useT();
  const { language, setLanguage } = useSession();
  return (
    <Dropdown
      aria-label={t('ui.shell.language')}
      value={LANGUAGE_NAMES[language]}
      selectedOptions={[language]}
      onOptionSelect={(_, d) => void setLanguage(d.optionValue as Language)}
    >
      {LANGUAGES.map((l) => (
        <Option key={l} value={l} text={LANGUAGE_NAMES[l]}>
          <span lang={l}>{LANGUAGE_NAMES[l]}</span>
        </Option>
      ))}
    </Dropdown>
  );
}

export function Shell({
  children,
  theme,
  onTheme,
}: {
  children: ReactNode;
  theme: ThemeName;
  onTheme: (t: ThemeName) => void;
}) {
  const s = useStyles();
  const t = useT();
  const navigate = useNavigate();
  const { me, switchOrganisation, signOut } = useSession();
  const kind = me?.organisation?.kind;
  const narrow = useMediaQuery(NARROW);
  // the menu stays open on the page where it was opened: a page chosen from it closes it
  const { pathname, search } = useLocation();
  const here = pathname + search;
  const [openAt, setOpenAt] = useState<string | null>(null);
  const menuOpen = openAt === here;
  const menuButton = useRef<HTMLButtonElement>(null);
  const nav = (
    <nav className={narrow ? s.menuNav : s.nav} aria-label={t('ui.shell.navigation')}>
      <Link className={s.navLink} to="/">
        {t('ui.nav.home')}
      </Link>
      <Link className={s.navLink} to="/requests">
        {kind === 'center' ? t('ui.nav.queue') : t('ui.nav.myRequests')}
      </Link>
      <Link className={s.navLink} to="/engagements">
        {t('ui.nav.engagements')}
      </Link>
      {kind === 'partner' && (
        <Link className={s.navLink} to="/relationships">
          {t('ui.nav.relationships')}
        </Link>
      )}
      {kind === 'partner' && (
        <Link className={s.navLink} to="/referrals">
          {t('ui.nav.referrals')}
        </Link>
      )}
      {kind === 'partner' && me?.organisation?.role === 'admin' && (
        <Link className={s.navLink} to="/partner-profile">
          {t('ui.nav.partnerProfile')}
        </Link>
      )}
      {kind === 'customer' && me?.organisation?.role === 'admin' && (
        <Link className={s.navLink} to="/partners">
          {t('ui.nav.partners')}
        </Link>
      )}
      {kind === 'center' && (
        <Link className={s.navLink} to="/dashboard">
          {t('ui.dashboard.nav')}
        </Link>
      )}
      {kind === 'center' && (
        <Link className={s.navLink} to="/people">
          {t('ui.nav.people')}
        </Link>
      )}
    </nav>
  );
  const controls = (
    <>
      {me && me.memberships.length > 1 && (
        <Dropdown
          className={s.control}
          aria-label={t('ui.shell.organisation')}
          value={me.organisation?.name ?? ''}
          selectedOptions={me.organisation ? [me.organisation.id] : []}
          onOptionSelect={(_, d) => void switchOrganisation(d.optionValue!).then(() => navigate('/'))}
        >
          {me.memberships.map((m) => (
            <Option key={m.organisationId} value={m.organisationId}>
              {m.name}
            </Option>
          ))}
        </Dropdown>
      )}
      {me && me.memberships.length <= 1 && <Text>{me.organisation?.name}</Text>}
      {!narrow && <NotificationBell />}
      <LanguagePicker />
      <Dropdown
        className={s.control}
        aria-label={t('ui.shell.theme')}
        value={t(`ui.theme.${theme}`)}
        selectedOptions={[theme]}
        onOptionSelect={(_, d) => onTheme(d.optionValue as ThemeName)}
      >
        {THEMES.map((name) => (
          <Option key={name} value={name}>
            {t(`ui.theme.${name}`)}
          </Option>
        ))}
      </Dropdown>
      <Button appearance="secondary" onClick={() => void signOut().then(() => navigate('/signin'))}>
        {t('ui.shell.signOut')}
      </Button>
    </>
  );
  return (
    <>
      <header className={s.header}>
        <Link to="/" className={s.brand}>
          FastTrack Center
        </Link>
        {narrow ? (
          <>
            <span className={s.spacer} />
            <NotificationBell />
            <Button
              appearance="secondary"
              ref={menuButton}
              aria-expanded={menuOpen}
              aria-controls={menuOpen ? 'shell-menu' : undefined}
              onClick={() => setOpenAt(menuOpen ? null : here)}
            >
              {t('ui.shell.menu')}
            </Button>
            {menuOpen && (
              // Escape closes the menu and gives the focus back to its button (not while a list in it is open)
              <fieldset
                id="shell-menu"
                aria-label={t('ui.shell.menu')}
                className={s.menu}
                onKeyDown={(e) => {
                  if (
                    e.key !== 'Escape' ||
                    (e.target as HTMLElement).getAttribute('aria-expanded') === 'true'
                  )
                    return;
                  setOpenAt(null);
                  menuButton.current?.focus();
                }}
              >
                {nav}
                {controls}
              </fieldset>
            )}
          </>
        ) : (
          <>
            {nav}
            {controls}
          </>
        )}
      </header>
      <main className={s.main} id="main">
        {children}
      </main>
    </>
  );
}
