/** Rescheduling a meeting (date and time in the reader's zone) and cancelling one, after a confirmation. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Textarea,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { engagementKey } from './data';
import type { Meeting } from './scheduling';
import { ProblemBar, useStyles } from './ui';
import { instantOf, wallTime } from './zoned';

const STARTS_AT = '/body/startsAt';

export function RescheduleDialog({
  meeting,
  onClose,
  onDone,
}: {
  meeting: Meeting;
  onClose: () => void;
  onDone: (moved: number) => void;
}) {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const zone = me?.user.timeZone ?? 'UTC';
  const initial = wallTime(meeting.startsAt, zone);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  const mutation = useMutation({
    mutationFn: async (startsAt: string) => {
      const { data, error: e } = await api.PATCH('/api/meetings/{id}', {
        params: { path: { id: meeting.id } },
        body: { startsAt, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      });
      if (e) throw e;
      return data;
    },
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: engagementKey(meeting.engagementId) });
      onDone(data.moved);
    },
    onError: (e) => {
      const found = fieldErrors(e);
      if (found[STARTS_AT]) {
        setError(found[STARTS_AT]);
        setProblem(null);
      } else {
        setError(null);
        setProblem(e);
      }
    },
  });

  const submit = () => {
    const startsAt = instantOf(date, time, zone);
    if (!startsAt) {
      setError(t('ui.meetings.reschedule.required'));
      return;
    }
    setError(null);
    mutation.mutate(startsAt);
  };
  const invalid = error ? { validationState: 'error' as const } : {};

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && !mutation.isPending && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            submit();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('ui.meetings.reschedule.title', { meeting: meeting.name })}</DialogTitle>
            <DialogContent className={s.stack}>
              <span>{t('ui.meetings.reschedule.intro', { zone })}</span>
              <ProblemBar problem={problem} />
              <div className={s.row} style={{ alignItems: 'flex-start' }}>
                <Field label={t('ui.meetings.reschedule.date')} required {...invalid}>
                  <Input
                    type="date"
                    value={date}
                    onChange={(_, d) => {
                      setDate(d.value);
                      setError(null);
                    }}
                  />
                </Field>
                <Field
                  label={t('ui.meetings.reschedule.time')}
                  required
                  {...invalid}
                  {...(error ? { validationMessage: error } : {})}
                >
                  <Input
                    type="time"
                    value={time}
                    onChange={(_, d) => {
                      setTime(d.value);
                      setError(null);
                    }}
                  />
                </Field>
              </div>
              <Field label={t('ui.meetings.reschedule.reason')}>
                <Textarea
                  value={reason}
                  maxLength={2000}
                  resize="vertical"
                  onChange={(_, d) => setReason(d.value)}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={mutation.isPending}>
                {t('ui.meetings.reschedule.submit')}
              </Button>
              <Button appearance="secondary" disabled={mutation.isPending} onClick={onClose}>
                {t('ui.engagement.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

export function CancelMeetingDialog({
  meeting,
  onClose,
  onDone,
}: {
  meeting: Meeting;
  onClose: () => void;
  onDone: () => void;
}) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/api/meetings/{id}/cancel', {
        params: { path: { id: meeting.id } },
        body: reason.trim() ? { reason: reason.trim() } : {},
      });
      if (error) throw error;
      return data;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: engagementKey(meeting.engagementId) });
      onDone();
    },
  });
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !mutation.isPending && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>
            {t('ui.meetings.cancel.title', { meeting: meeting.name, date: fmt.dateTime(meeting.startsAt) })}
          </DialogTitle>
          <DialogContent className={s.stack}>
            <span>{t('ui.meetings.cancel.body')}</span>
            <ProblemBar problem={mutation.error} />
            <Field label={t('ui.meetings.cancel.reason')}>
              <Textarea
                value={reason}
                maxLength={2000}
                resize="vertical"
                onChange={(_, d) => setReason(d.value)}
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('ui.meetings.cancel.confirm')}
            </Button>
            <Button appearance="secondary" disabled={mutation.isPending} onClick={onClose}>
              {t('ui.meetings.cancel.keep')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
