/**
 * /settings/notifications: per kind (assignments, referrals, meetings) whether you are told in the portal and by
 * email (each switch saves at once), and your calendar feed: a secret address shown once, to subscribe to from
 * Outlook or any calendar app; creating a new one turns the old one off.
 */
import {
  Button,
  Card,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Switch,
  Text,
  Title1,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { ProblemBar } from '../engagements/ui';
import { useRelationshipStyles } from '../relationships/common';

type Preference =
  paths['/api/me/notification-preferences']['get']['responses'][200]['content']['application/json'][number];
type Channel = 'inApp' | 'email';
const CHANNELS: Channel[] = ['inApp', 'email'];

export function NotificationSettingsPage() {
  const s = useRelationshipStyles();
  const t = useT();
  const intl = useIntl();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const key = ['notification-preferences', me?.user.id ?? ''];
  /** a kind the catalogue does not know yet shows as itself */
  const text = (id: string, fallback: string) => (intl.messages[id] !== undefined ? t(id) : fallback);
  const prefs = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/me/notification-preferences');
      if (error) throw error;
      return data;
    },
    enabled: !!me,
  });
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (p: Preference) => {
      const { data, error } = await api.PUT('/api/me/notification-preferences', {
        body: { preferences: [p] },
      });
      if (error) throw error;
      return data;
    },
    onMutate: (p) => {
      setSaved(null);
      const old = queryClient.getQueryData<Preference[]>(key);
      if (old)
        queryClient.setQueryData<Preference[]>(
          key,
          old.map((x) => (x.kind === p.kind ? p : x)),
        );
      return old;
    },
    onError: (_e, _p, old) => old && queryClient.setQueryData(key, old),
    onSuccess: (data) => {
      queryClient.setQueryData(key, data);
      setSaved(t('ui.notifications.prefs.saved'));
    },
  });

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.notifications.prefs.title')}
      </Title1>
      <Text>{t('ui.notifications.prefs.intro')}</Text>
      {me?.organisation?.kind === 'center' && (
        <Link to="/settings/availability">{t('ui.availability.link')}</Link>
      )}
      <ProblemBar problem={prefs.error ?? save.error} />
      <div role="status">
        {saved && (
          <MessageBar intent="success">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {prefs.isLoading && <Spinner label={t('ui.common.loading')} />}
      {prefs.data && (
        <section className={s.section} aria-labelledby="prefs-kinds">
          <Title2 as="h2" id="prefs-kinds" className={s.heading}>
            {t('ui.notifications.prefs.kinds')}
          </Title2>
          {prefs.data.map((p) => (
            <Card key={p.kind} role="group" aria-labelledby={`pref-${p.kind}`} data-testid="preference">
              <Title3 as="h3" id={`pref-${p.kind}`} className={s.heading}>
                {text(`ui.notifications.kind.${p.kind}`, p.kind)}
              </Title3>
              <Text>{text(`ui.notifications.kind.${p.kind}.hint`, '')}</Text>
              <div className={s.actions}>
                {CHANNELS.map((c) => (
                  <Switch
                    key={c}
                    label={t(`ui.notifications.prefs.${c}`)}
                    checked={p[c]}
                    disabled={save.isPending}
                    onChange={(_, d) => save.mutate({ ...p, [c]: d.checked })}
                  />
                ))}
              </div>
            </Card>
          ))}
        </section>
      )}
      <CalendarFeed />
    </div>
  );
}

function CalendarFeed() {
  const s = useRelationshipStyles();
  const t = useT();
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/api/me/calendar-feed');
      if (error) throw error;
      return data.url;
    },
    onMutate: () => setCopied(false),
  });
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className={s.section} aria-labelledby="calendar-feed">
      <Title2 as="h2" id="calendar-feed" className={s.heading}>
        {t('ui.notifications.feed.title')}
      </Title2>
      <Text>{t('ui.notifications.feed.intro')}</Text>
      <Text weight="semibold">{t('ui.notifications.feed.retires')}</Text>
      <div className={s.actions}>
        <Button appearance="primary" disabled={create.isPending} onClick={() => create.mutate()}>
          {t('ui.notifications.feed.create')}
        </Button>
      </div>
      <ProblemBar problem={create.error} />
      {create.data && (
        <Card data-testid="calendar-feed-url">
          <Text>{t('ui.notifications.feed.once')}</Text>
          <div className={s.actions}>
            <Input
              readOnly
              value={create.data}
              aria-label={t('ui.notifications.feed.url')}
              style={{ flexGrow: 1, minWidth: '280px' }}
              onFocus={(e) => e.target.select()}
            />
            <Button onClick={() => void copy(create.data)}>{t('ui.notifications.feed.copy')}</Button>
          </div>
          <span role="status">{copied ? t('ui.notifications.feed.copied') : ''}</span>
        </Card>
      )}
    </section>
  );
}
