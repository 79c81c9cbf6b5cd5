/** Sign-in with a local account; goes back to the page that asked for it. */
import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { LanguagePicker } from '../components/Shell';
import { useT } from '../i18n';
import { useSession } from '../session';

const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', minHeight: '100vh', padding: tokens.spacingHorizontalL },
  card: { width: 'min(420px, 100%)', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function SignIn() {
  const s = useStyles();
  const t = useT();
  const { me, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  if (me) return <Navigate to={next} replace />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const problem = await signIn(email, password);
    // on success the session holds the person as soon as the sign-in answers, and <Navigate> above
    // has taken them on; navigating again here, once the session's second read is back, would take
    // back someone who already moved on to another page
    if (problem) {
      setBusy(false);
      setError(problem);
    }
  };
  return (
    <main className={s.page}>
      <Card className={s.card}>
        <Title2 as="h1">{t('ui.signIn.title')}</Title2>
        <LanguagePicker />
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        <form className={s.form} onSubmit={submit}>
          <Field label={t('ui.signIn.email')} required>
            <Input
              type="email"
              autoComplete="username"
              value={email}
              onChange={(_, d) => setEmail(d.value)}
            />
          </Field>
          <Field label={t('ui.signIn.password')} required>
            <Input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
            />
          </Field>
          <Button appearance="primary" type="submit" disabled={busy}>
            {t('ui.signIn.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}
