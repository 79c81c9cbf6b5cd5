/**
 * The engagement's meetings, upcoming and past, in the reader's language and time zone: when, how long,
 * booked or only proposed, who attends, the online meeting link and an .ics file. Center people book
 * proposed meetings, reschedule (the server's objections shown on the field) and cancel.
 */
import {
  Badge,
  type BadgeProps,
  Button,
  Link as FluentLink,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { engagementKey } from './data';
import { CancelMeetingDialog, RescheduleDialog } from './MeetingDialogs';
import { type Meeting, useMeetings } from './scheduling';
import type { EngagementDetail } from './types';
import { ProblemBar, useLabels, useStyles } from './ui';

const STATUS_COLOUR: Record<string, BadgeProps['color']> = {
  scheduled: 'success',
  proposed: 'warning',
  cancelled: 'informative',
};

/** Date and time ranges and durations in the reader's language and zone. */
function useMeetingFormat() {
  const { me, language } = useSession();
  const timeZone = me?.user.timeZone;
  const range = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const minutes = new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  return {
    when: (m: Meeting) => range.formatRange(new Date(m.startsAt), new Date(m.endsAt)),
    duration: (m: Meeting) =>
      minutes.format(Math.round((Date.parse(m.endsAt) - Date.parse(m.startsAt)) / 60_000)),
    zone: timeZone ?? 'UTC',
  };
}

export function MeetingsTab({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const meetings = useMeetings(e.id);
  const f = useMeetingFormat();
  const [rescheduling, setRescheduling] = useState<Meeting | null>(null);
  const [cancelling, setCancelling] = useState<Meeting | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isCenter = me?.organisation?.kind === 'center';

  const confirm = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/api/engagements/{id}/meetings/confirm', {
        params: { path: { id: e.id } },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: engagementKey(e.id) });
      setNotice(t('ui.meetings.booked', { confirmed: r.confirmed, skipped: r.skipped.length }));
    },
  });

  if (meetings.isLoading) return <Spinner label={t('ui.common.loading')} />;
  if (meetings.isError || !meetings.data) return <ProblemBar problem={meetings.error} />;
  const now = Date.now();
  const upcoming = meetings.data.filter((m) => Date.parse(m.endsAt) > now);
  const past = meetings.data.filter((m) => Date.parse(m.endsAt) <= now).reverse();
  const proposed = upcoming.filter((m) => m.status === 'proposed').length;

  return (
    <div className={s.stack}>
      <div className={s.pageHeader}>
        <Title2 as="h2" className={s.heading}>
          {t('ui.meetings.title')}
        </Title2>
        <Text className={s.muted}>{t('ui.meetings.timesIn', { zone: f.zone })}</Text>
      </div>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" onClick={() => setNotice(null)}>
                {t('ui.engagement.dismiss')}
              </Button>
            }
          />
        </MessageBar>
      )}
      <ProblemBar problem={confirm.error} onDismiss={() => confirm.reset()} />
      {isCenter && proposed > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('ui.meetings.proposedNote', { count: proposed })}</MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" disabled={confirm.isPending} onClick={() => confirm.mutate()}>
              {t('ui.meetings.bookProposed')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {meetings.data.length === 0 && <Text>{t('ui.meetings.none')}</Text>}
      {upcoming.length > 0 && (
        <MeetingTable
          id="meetings-upcoming"
          title={t('ui.meetings.upcoming')}
          items={upcoming}
          actions={isCenter}
          onReschedule={setRescheduling}
          onCancel={setCancelling}
        />
      )}
      {past.length > 0 && <MeetingTable id="meetings-past" title={t('ui.meetings.past')} items={past} />}
      {rescheduling && (
        <RescheduleDialog
          meeting={rescheduling}
          onClose={() => setRescheduling(null)}
          onDone={(moved) => {
            setNotice(t('ui.meetings.rescheduled', { meeting: rescheduling.name, moved }));
            setRescheduling(null);
          }}
        />
      )}
      {cancelling && (
        <CancelMeetingDialog
          meeting={cancelling}
          onClose={() => setCancelling(null)}
          onDone={() => {
            setNotice(t('ui.meetings.cancelled', { meeting: cancelling.name }));
            setCancelling(null);
          }}
        />
      )}
    </div>
  );
}

function MeetingTable({
  id,
  title,
  items,
  actions = false,
  onReschedule,
  onCancel,
}: {
  id: string;
  title: string;
  items: Meeting[];
  actions?: boolean;
  onReschedule?: (m: Meeting) => void;
  onCancel?: (m: Meeting) => void;
}) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const f = useMeetingFormat();
  // the actions of a row are described by its meeting's name and time (their names stay the visible words)
  const about = (m: Meeting) => `mtg-name-${m.id} mtg-when-${m.id}`;
  return (
    <section className={s.stack} aria-labelledby={id}>
      <Text as="h3" id={id} weight="semibold" size={400} className={s.heading}>
        {title}
      </Text>
      <div className={s.tableWrap}>
        <Table aria-labelledby={id}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('ui.meetings.col.meeting')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('ui.meetings.col.when')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('ui.meetings.col.attendees')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('ui.meetings.col.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((m) => {
              const open = m.status !== 'cancelled';
              return (
                <TableRow key={m.id} data-testid="meeting-row" data-meeting-id={m.id} data-status={m.status}>
                  <TableCell>
                    <span className={s.stack} style={{ gap: '2px', padding: '6px 0' }}>
                      <Text weight="semibold" id={`mtg-name-${m.id}`}>
                        {m.name}
                      </Text>
                      <span>
                        <Badge appearance="tint" color={STATUS_COLOUR[m.status] ?? 'informative'}>
                          {t(`ui.meetings.status.${m.status}`)}
                        </Badge>
                      </span>
                    </span>
                  </TableCell>
                  <TableCell>
                    <span className={s.stack} style={{ gap: '2px' }}>
                      <Text id={`mtg-when-${m.id}`}>{f.when(m)}</Text>
                      <Text size={200} className={s.muted}>
                        {f.duration(m)}
                      </Text>
                    </span>
                  </TableCell>
                  <TableCell>
                    <ul className={s.list} style={{ gap: '2px' }}>
                      {m.attendees.map((a) => (
                        <li key={a.email}>
                          <Text size={200}>
                            {a.name}
                            <span className={s.muted}>{` · ${l.role(a.role)}`}</span>
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </TableCell>
                  <TableCell>
                    <span className={s.row} style={{ padding: '6px 0' }}>
                      {open && m.onlineUrl && (
                        <FluentLink
                          href={m.onlineUrl}
                          target="_blank"
                          rel="noopener noreferrer"
                          aria-describedby={about(m)}
                        >
                          {t('ui.meetings.join')}
                        </FluentLink>
                      )}
                      {open && (
                        <FluentLink
                          href={`/api/meetings/${encodeURIComponent(m.id)}/ics`}
                          download
                          aria-describedby={about(m)}
                        >
                          {t('ui.meetings.ics')}
                        </FluentLink>
                      )}
                      {actions && open && (
                        <>
                          <Button size="small" aria-describedby={about(m)} onClick={() => onReschedule?.(m)}>
                            {t('ui.meetings.rescheduleAction')}
                          </Button>
                          <Button
                            size="small"
                            appearance="subtle"
                            aria-describedby={about(m)}
                            onClick={() => onCancel?.(m)}
                          >
                            {t('ui.meetings.cancelAction')}
                          </Button>
                        </>
                      )}
                    </span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
