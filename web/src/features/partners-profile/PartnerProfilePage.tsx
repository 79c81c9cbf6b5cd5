/**
 * /partner-profile (partner admin): what the center routes to this partner — languages, countries served,
 * industries, customer size, workloads, capacity, time zone, business hours, holidays — and the pause switch
 * (no new referrals until a date at most 30 days ahead; the server has the last word and says so on the field).
 * A partner without a profile yet starts from an empty one.
 */
import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Switch,
  Text,
  Title1,
  Title2,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Navigate } from 'react-router-dom';
import { api } from '../../api/client';
import { LANGUAGES, useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { useProgramme } from '../engagements/data';
import { ProblemBar } from '../engagements/ui';
import {
  invalid,
  isoDate,
  MultiSelect,
  type PartnerProfile,
  STANDARD_HOURS,
  TimeZoneField,
  useFieldErrors,
  useNames,
  useProfileStyles,
} from '../people/common';
import { HolidaysEditor, HoursEditor } from '../people/editors';

const MAX_PAUSE_DAYS = 30;
/** Industries a partner may name (a customer's industry earns points in routing). */
export const INDUSTRIES = [
  'retail',
  'manufacturing',
  'financial-services',
  'healthcare',
  'education',
  'government',
  'technology',
  'professional-services',
  'energy',
  'media',
  'hospitality',
  'transportation',
  'nonprofit',
];

interface Draft extends Omit<PartnerProfile, 'minSeats' | 'maxSeats' | 'capacity'> {
  minSeats: string;
  maxSeats: string;
  capacity: string;
}

const toDraft = (p: PartnerProfile): Draft => ({
  ...p,
  minSeats: String(p.minSeats),
  maxSeats: p.maxSeats === null ? '' : String(p.maxSeats),
  capacity: String(p.capacity),
});
const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));

export function PartnerProfilePage() {
  const s = useProfileStyles();
  const t = useT();
  const format = useFormat();
  const names = useNames();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const programme = useProgramme().data;
  const partnerId = me?.organisation?.kind === 'partner' ? me.organisation.id : '';
  const isAdmin = me?.organisation?.role === 'admin';
  const key = ['partner-profile', partnerId];
  const profile = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/partners/{id}/profile', {
        params: { path: { id: partnerId } },
      });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
    enabled: !!partnerId,
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (profile.data === undefined || draft) return;
    setDraft(
      toDraft(
        profile.data ?? {
          partnerId,
          languages: [],
          countries: [],
          industries: [],
          minSeats: 0,
          maxSeats: null,
          workloads: [],
          capacity: 10,
          pausedUntil: null,
          timeZone: me?.user.timeZone ?? 'UTC',
          businessHours: STANDARD_HOURS,
          holidays: [],
        },
      ),
    );
  }, [profile.data, draft, partnerId, me?.user.timeZone]);
  const save = useMutation({
    mutationFn: async (d: Draft) => {
      const { data, error } = await api.PUT('/api/partners/{id}/profile', {
        params: { path: { id: partnerId } },
        body: {
          languages: d.languages,
          countries: d.countries,
          industries: d.industries,
          minSeats: num(d.minSeats),
          maxSeats: d.maxSeats.trim() === '' ? null : num(d.maxSeats),
          workloads: d.workloads,
          capacity: num(d.capacity),
          pausedUntil: d.pausedUntil,
          timeZone: d.timeZone,
          businessHours: d.businessHours,
          holidays: d.holidays,
        },
      });
      if (error) throw error;
      return data;
    },
    onMutate: () => setSaved(false),
    onSuccess: (data) => {
      queryClient.setQueryData(key, data);
      setDraft(toDraft(data));
      setSaved(true);
    },
  });
  const errors = useFieldErrors(save.error);
  const countries = useMemo(
    () =>
      [
        // the programme answer carries each region's countries (the shared summary type leaves them out)
        ...new Set(
          ((programme?.regions ?? []) as { countries?: string[] }[]).flatMap((r) => r.countries ?? []),
        ),
      ]
        .map((c) => ({ value: c, text: names.country(c) }))
        .sort((a, b) => a.text.localeCompare(b.text)),
    [programme, names],
  );
  if (me?.organisation && me.organisation.kind !== 'partner') return <Navigate to="/" replace />;
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };
  const saving = save.isPending || !isAdmin;
  /** the pause as saved (the switch below is the draft) */
  const current = profile.data?.pausedUntil ?? null;

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.partnerProfile.title')}
      </Title1>
      <Text>{t('ui.partnerProfile.intro')}</Text>
      {!isAdmin && <Text>{t('ui.partnerProfile.adminOnly')}</Text>}
      <ProblemBar problem={profile.error} />
      {profile.isLoading && <Spinner label={t('ui.common.loading')} />}
      {profile.data === null && <Text>{t('ui.partnerProfile.new')}</Text>}
      {draft && (
        <form
          noValidate
          className={s.section}
          onSubmit={(ev) => {
            ev.preventDefault();
            save.mutate(draft);
          }}
        >
          <Card className={s.section} data-testid="pause-card">
            <Title2 as="h2" className={s.heading}>
              {t('ui.partnerProfile.pause.title')}
            </Title2>
            <Text>
              {current
                ? t('ui.partnerProfile.pause.until', { date: format.date(current) })
                : t('ui.partnerProfile.pause.open')}
            </Text>
            <Switch
              label={t('ui.partnerProfile.pause.switch')}
              checked={draft.pausedUntil !== null}
              onChange={(_, d) => set({ pausedUntil: d.checked ? isoDate(7) : null })}
            />
            {draft.pausedUntil !== null && (
              <Field
                label={t('ui.partnerProfile.pause.date')}
                hint={t('ui.partnerProfile.pause.hint', { days: MAX_PAUSE_DAYS })}
                {...invalid(errors.under('/body/pausedUntil'))}
              >
                <Input
                  type="date"
                  min={isoDate()}
                  max={isoDate(MAX_PAUSE_DAYS)}
                  value={draft.pausedUntil}
                  onChange={(_, d) => set({ pausedUntil: d.value })}
                />
              </Field>
            )}
          </Card>
          <section className={s.section} aria-labelledby="partner-routing">
            <Title2 as="h2" id="partner-routing" className={s.heading}>
              {t('ui.partnerProfile.routing')}
            </Title2>
            <div className={s.grid}>
              <MultiSelect
                label={t('ui.people.field.languages')}
                choices={LANGUAGES.map((c) => ({ value: c, text: names.language(c) }))}
                selected={draft.languages}
                onChange={(languages) => set({ languages })}
                error={errors.under('/body/languages')}
              />
              <MultiSelect
                label={t('ui.partnerProfile.countries')}
                choices={countries}
                selected={draft.countries}
                onChange={(c) => set({ countries: c })}
                error={errors.under('/body/countries')}
              />
              <MultiSelect
                label={t('ui.partnerProfile.industries')}
                choices={INDUSTRIES.map((i) => ({ value: i, text: t(`ui.partnerProfile.industry.${i}`) }))}
                selected={draft.industries}
                onChange={(industries) => set({ industries })}
                error={errors.under('/body/industries')}
              />
              <MultiSelect
                label={t('ui.people.field.workloads')}
                choices={(programme?.workloads ?? []).map((w) => ({ value: w.id, text: w.name }))}
                selected={draft.workloads}
                onChange={(workloads) => set({ workloads })}
                error={errors.under('/body/workloads')}
              />
              <Field label={t('ui.partnerProfile.minSeats')} {...invalid(errors.under('/body/minSeats'))}>
                <Input
                  type="number"
                  min={0}
                  value={draft.minSeats}
                  onChange={(_, d) => set({ minSeats: d.value })}
                />
              </Field>
              <Field
                label={t('ui.partnerProfile.maxSeats')}
                hint={t('ui.partnerProfile.maxSeatsHint')}
                {...invalid(errors.under('/body/maxSeats'))}
              >
                <Input
                  type="number"
                  min={0}
                  value={draft.maxSeats}
                  onChange={(_, d) => set({ maxSeats: d.value })}
                />
              </Field>
              <Field
                label={t('ui.people.field.capacity')}
                hint={t('ui.partnerProfile.capacityHint')}
                {...invalid(errors.under('/body/capacity'))}
              >
                <Input
                  type="number"
                  min={0}
                  value={draft.capacity}
                  onChange={(_, d) => set({ capacity: d.value })}
                />
              </Field>
              <TimeZoneField
                label={t('ui.availability.timeZone')}
                value={draft.timeZone}
                onChange={(timeZone) => set({ timeZone })}
                error={errors.under('/body/timeZone')}
              />
            </div>
          </section>
          <HoursEditor
            legend={t('ui.partnerProfile.hours')}
            value={draft.businessHours}
            onChange={(h) => set({ businessHours: h ?? STANDARD_HOURS })}
            errors={errors}
            path="/body/businessHours"
          />
          <HolidaysEditor
            legend={t('ui.availability.holidays.title')}
            value={draft.holidays}
            onChange={(holidays) => set({ holidays })}
            errors={errors}
            path="/body/holidays"
          />
          <ProblemBar problem={save.error} />
          <div role="status">
            {saved && (
              <MessageBar intent="success">
                <MessageBarBody>{t('ui.partnerProfile.saved')}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          <div className={s.actions}>
            <Button appearance="primary" type="submit" disabled={saving}>
              {t('ui.availability.save')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
