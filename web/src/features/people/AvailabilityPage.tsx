/**
 * /settings/availability (every center person): your own time zone, weekly working hours (or your region's
 * business hours), holidays and away periods — the only parts of a routing profile a person sets themselves.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Text, Title1 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { ProblemBar } from '../engagements/ui';
import {
  type PersonProfile,
  type PersonProfileInput,
  TimeZoneField,
  useFieldErrors,
  useProfileStyles,
} from './common';
import { AvailabilityEditors } from './editors';

type Own = Pick<PersonProfile, 'timeZone' | 'workingHours' | 'holidays' | 'away'>;

export function AvailabilityPage() {
  const s = useProfileStyles();
  const t = useT();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const userId = me?.user.id ?? '';
  const isCenter = me?.organisation?.kind === 'center';
  const key = ['person-profile', userId];
  const profile = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/people/{id}/profile', { params: { path: { id: userId } } });
      if (error) throw error;
      return data;
    },
    enabled: !!userId && isCenter,
  });
  const [draft, setDraft] = useState<Own | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (profile.data && !draft) setDraft(profile.data);
  }, [profile.data, draft]);
  const save = useMutation({
    mutationFn: async (own: Own) => {
      const body: PersonProfileInput = {
        timeZone: own.timeZone,
        workingHours: own.workingHours,
        holidays: own.holidays,
        away: own.away,
      };
      const { data, error } = await api.PUT('/api/people/{id}/profile', {
        params: { path: { id: userId } },
        body,
      });
      if (error) throw error;
      return data;
    },
    onMutate: () => setSaved(false),
    onSuccess: (data) => {
      queryClient.setQueryData(key, data);
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      setDraft(data);
      setSaved(true);
    },
  });
  const errors = useFieldErrors(save.error);
  if (me?.organisation && !isCenter) return <Navigate to="/" replace />;
  const set = (patch: Partial<Own>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.availability.title')}
      </Title1>
      <Text>{t('ui.availability.intro')}</Text>
      <div className={s.actions}>
        <Link to="/people">{t('ui.availability.toPeople')}</Link>
        <Link to="/settings/notifications">{t('ui.availability.toNotifications')}</Link>
      </div>
      <ProblemBar problem={profile.error} />
      {profile.isLoading && <Spinner label={t('ui.common.loading')} />}
      {draft && (
        <form
          noValidate
          className={s.section}
          onSubmit={(ev) => {
            ev.preventDefault();
            save.mutate(draft);
          }}
        >
          <div className={s.grid}>
            <TimeZoneField
              label={t('ui.availability.timeZone')}
              value={draft.timeZone}
              onChange={(timeZone) => set({ timeZone })}
              error={errors.under('/body/timeZone')}
            />
          </div>
          <AvailabilityEditors value={draft} onChange={set} errors={errors} />
          <ProblemBar problem={save.error} />
          <div role="status">
            {saved && (
              <MessageBar intent="success">
                <MessageBarBody>{t('ui.availability.saved')}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          <div className={s.actions}>
            <Button appearance="primary" type="submit" disabled={save.isPending}>
              {t('ui.availability.save')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
