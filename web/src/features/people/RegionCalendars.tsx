/**
 * Region calendars (center): pick a programme region, see its time zone, business hours and holidays (from the
 * programme, or added by the center). A lead adds a holiday, removes an added one, or imports an iCalendar file
 * of all-day events; the answer says how many holidays were added, or why none were.
 */
import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { useProgramme } from '../engagements/data';
import { ProblemBar } from '../engagements/ui';
import { invalid, useFieldErrors, useNames, useProfileStyles, WEEKDAYS } from './common';

export function RegionCalendars({ lead }: { lead: boolean }) {
  const s = useProfileStyles();
  const t = useT();
  const format = useFormat();
  const names = useNames();
  const queryClient = useQueryClient();
  const regions = useProgramme().data?.regions ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const region = chosen ?? regions[0]?.id ?? null;
  const key = ['region-calendar', region];
  const calendar = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/calendars/regions/{region}', {
        params: { path: { region: region! } },
      });
      if (error) throw error;
      return data;
    },
    enabled: !!region,
  });
  const [done, setDone] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['region-calendar'] });

  const add = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/api/calendars/regions/{region}/holidays', {
        params: { path: { region: region! } },
        body: { holidays: [{ date, name }] },
      });
      if (error) throw error;
      return data;
    },
    onMutate: () => setDone(null),
    onSuccess: (d) => {
      setDone(t('ui.calendars.added', { count: d.added }));
      setDate('');
      setName('');
    },
    onSettled: refresh,
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const ics = await file.text();
      const { data, error } = await api.POST('/api/calendars/regions/{region}/holidays/import', {
        params: { path: { region: region! } },
        body: { ics },
      });
      if (error) throw error;
      return data;
    },
    onMutate: () => setDone(null),
    onSuccess: (d) => setDone(t('ui.calendars.imported', { count: d.added })),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: async (day: string) => {
      const { error } = await api.DELETE('/api/calendars/regions/{region}/holidays/{date}', {
        params: { path: { region: region!, date: day } },
      });
      if (error) throw error;
    },
    onMutate: () => setDone(null),
    onSettled: refresh,
  });
  const addErrors = useFieldErrors(add.error);
  const importErrors = useFieldErrors(importFile.error);
  const regionName = regions.find((r) => r.id === region)?.name ?? region ?? '';
  const pick = (id: string) => {
    setChosen(id);
    setDone(null);
    add.reset();
    importFile.reset();
    remove.reset();
  };

  return (
    <section className={s.section} aria-labelledby="region-calendars" data-testid="region-calendars">
      <Title2 as="h2" id="region-calendars" className={s.heading}>
        {t('ui.calendars.title')}
      </Title2>
      <Text>{t('ui.calendars.intro')}</Text>
      <Field label={t('ui.calendars.region')}>
        <Dropdown
          value={regionName}
          selectedOptions={region ? [region] : []}
          onOptionSelect={(_, d) => d.optionValue && pick(d.optionValue)}
        >
          {regions.map((r) => (
            <Option key={r.id} value={r.id}>
              {r.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <ProblemBar problem={calendar.error} />
      {calendar.isLoading && <Spinner label={t('ui.common.loading')} />}
      {calendar.data && (
        <>
          <Card>
            <Title3 as="h3" className={s.heading}>
              {t('ui.calendars.hours', { region: regionName })}
            </Title3>
            <Text>{t('ui.calendars.timeZone', { zone: calendar.data.timeZone })}</Text>
            <ul className={s.list}>
              {WEEKDAYS.map((d) => {
                const spans = calendar.data.businessHours[d];
                return (
                  <li key={d}>
                    <Text weight="semibold">{names.weekday(d)}</Text>{' '}
                    <Text>
                      {spans.length > 0
                        ? spans.map((x) => `${x.start}–${x.end}`).join(', ')
                        : t('ui.availability.hours.closed')}
                    </Text>
                  </li>
                );
              })}
            </ul>
          </Card>
          <div role="status">
            {done && (
              <MessageBar intent="success">
                <MessageBarBody>{done}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          <ProblemBar problem={remove.error} onDismiss={() => remove.reset()} />
          <Card className={s.card}>
            {calendar.data.holidays.length === 0 ? (
              <Text className={s.empty}>{t('ui.calendars.noHolidays')}</Text>
            ) : (
              <Table className={s.table} aria-label={t('ui.calendars.holidays', { region: regionName })}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('ui.availability.holidays.date')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.availability.holidays.name')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.calendars.source')}</TableHeaderCell>
                    {lead && <TableHeaderCell>{t('ui.people.col.actions')}</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {calendar.data.holidays.map((h) => (
                    <TableRow key={`${h.date}-${h.source}`} data-testid="region-holiday">
                      <TableCell>{format.date(h.date)}</TableCell>
                      <TableCell>{h.name}</TableCell>
                      <TableCell>
                        <Badge appearance="tint" color={h.source === 'added' ? 'brand' : 'informative'}>
                          {h.source === 'added'
                            ? t('ui.calendars.source.added')
                            : t('ui.calendars.source.programme')}
                        </Badge>
                      </TableCell>
                      {lead && (
                        <TableCell>
                          {h.source === 'added' && (
                            <Button
                              size="small"
                              disabled={remove.isPending}
                              aria-label={t('ui.calendars.removeLabel', {
                                name: h.name,
                                date: format.date(h.date),
                              })}
                              onClick={() => remove.mutate(h.date)}
                            >
                              {t('ui.availability.remove')}
                            </Button>
                          )}
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Card>
          {lead && (
            <div className={s.grid}>
              <Card>
                <form
                  noValidate
                  className={s.section}
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    add.mutate();
                  }}
                >
                  <Title3 as="h3" className={s.heading}>
                    {t('ui.calendars.add.title')}
                  </Title3>
                  <Field
                    label={t('ui.availability.holidays.date')}
                    {...invalid(addErrors.under('/body/holidays/0/date'))}
                  >
                    <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
                  </Field>
                  <Field
                    label={t('ui.availability.holidays.name')}
                    {...invalid(addErrors.under('/body/holidays/0/name'))}
                  >
                    <Input value={name} maxLength={200} onChange={(_, d) => setName(d.value)} />
                  </Field>
                  {!addErrors.any && <ProblemBar problem={add.error} />}
                  <div className={s.actions}>
                    <Button appearance="primary" type="submit" disabled={add.isPending}>
                      {t('ui.calendars.add.submit')}
                    </Button>
                  </div>
                </form>
              </Card>
              <Card className={s.section}>
                <Title3 as="h3" className={s.heading}>
                  {t('ui.calendars.import.title')}
                </Title3>
                <Text>{t('ui.calendars.import.intro')}</Text>
                <Field label={t('ui.calendars.import.file')} {...invalid(importErrors.under('/body/ics'))}>
                  {(props) => (
                    <input
                      {...props}
                      type="file"
                      accept=".ics,text/calendar"
                      data-testid="ics-file"
                      disabled={importFile.isPending}
                      onChange={(e) => {
                        const file = e.target.files?.[0];
                        if (file) importFile.mutate(file);
                        e.target.value = '';
                      }}
                    />
                  )}
                </Field>
                {importFile.isPending && <Spinner size="small" label={t('ui.calendars.import.busy')} />}
                {!importErrors.any && <ProblemBar problem={importFile.error} />}
              </Card>
            </div>
          )}
        </>
      )}
    </section>
  );
}
