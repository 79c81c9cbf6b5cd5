/**
 * /people (center): the center's people with their routing profiles — roles, languages, regions, skills,
 * capacity, time zone and the current (or next) away period. A lead or admin opens a person to edit the whole
 * profile; everybody reaches their own availability. Below, the region calendars.
 */
import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title1,
  Title2,
} from '@fluentui/react-components';
import { useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { namer, useProgramme } from '../engagements/data';
import { ProblemBar, useLabels } from '../engagements/ui';
import { isCenterLead, isoDate, type PersonProfile, useNames, useProfileStyles, usePeople } from './common';
import { PersonDialog } from './PersonDialog';
import { RegionCalendars } from './RegionCalendars';

/** The away period going on today, else the next one. */
function awayPeriod(p: PersonProfile) {
  const today = isoDate();
  const sorted = [...p.away].filter((a) => a.to >= today).sort((a, b) => (a.from < b.from ? -1 : 1));
  return sorted[0] ?? null;
}

export function PeoplePage() {
  const s = useProfileStyles();
  const t = useT();
  const l = useLabels();
  const format = useFormat();
  const names = useNames();
  const { me } = useSession();
  const isCenter = me?.organisation?.kind === 'center';
  const lead = isCenterLead(me?.organisation);
  const people = usePeople(isCenter);
  const region = namer(useProgramme().data?.regions);
  const [editing, setEditing] = useState<PersonProfile | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (me?.organisation && !isCenter) return <Navigate to="/" replace />;
  const today = isoDate();
  const list = (items: string[]) => (items.length > 0 ? names.list(items) : '—');

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.people.title')}
      </Title1>
      <Text>{lead ? t('ui.people.introLead') : t('ui.people.intro')}</Text>
      <div className={s.actions}>
        <Link to="/settings/availability">{t('ui.people.myAvailability')}</Link>
      </div>
      <div role="status">
        {saved && (
          <MessageBar intent="success">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <ProblemBar problem={people.error} />
      {people.isLoading && <Spinner label={t('ui.common.loading')} />}
      {people.data && (
        <section className={s.section} aria-labelledby="people-list">
          <Title2 as="h2" id="people-list" className={s.heading}>
            {t('ui.people.list')}
          </Title2>
          <Card className={s.card}>
            {people.data.length === 0 ? (
              <Text className={s.empty}>{t('ui.people.empty')}</Text>
            ) : (
              <Table className={s.table} aria-labelledby="people-list">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('ui.people.col.name')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.field.roles')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.field.languages')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.field.regions')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.col.skills')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.field.capacity')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.availability.timeZone')}</TableHeaderCell>
                    <TableHeaderCell>{t('ui.people.col.away')}</TableHeaderCell>
                    {lead && <TableHeaderCell>{t('ui.people.col.actions')}</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {people.data.map((p) => {
                    const away = awayPeriod(p);
                    return (
                      <TableRow key={p.userId} data-testid="person-row">
                        <TableCell>{p.name}</TableCell>
                        <TableCell>{list(p.roles.map((r) => l.role(r)))}</TableCell>
                        <TableCell>{list(p.languages.map((c) => names.language(c)))}</TableCell>
                        <TableCell>{list(p.regions.map(region))}</TableCell>
                        <TableCell>{format.number(p.workloads.length)}</TableCell>
                        <TableCell data-testid="person-capacity">{format.number(p.capacity)}</TableCell>
                        <TableCell>{p.timeZone}</TableCell>
                        <TableCell data-testid="person-away">
                          {away
                            ? t(away.from <= today ? 'ui.people.awayNow' : 'ui.people.awayNext', {
                                from: format.date(away.from),
                                to: format.date(away.to),
                              })
                            : '—'}
                        </TableCell>
                        {lead && (
                          <TableCell>
                            <Button
                              size="small"
                              aria-label={t('ui.people.editLabel', { name: p.name })}
                              onClick={() => {
                                setSaved(null);
                                setEditing(p);
                              }}
                            >
                              {t('ui.people.edit')}
                            </Button>
                          </TableCell>
                        )}
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </Card>
        </section>
      )}
      {isCenter && <RegionCalendars lead={lead} />}
      {editing && (
        <PersonDialog
          person={editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            setSaved(t('ui.people.saved', { name: p.name }));
          }}
        />
      )}
    </div>
  );
}
