/**
 * Writing a typed note (center staff and partners): the type, the workload for per-workload types,
 * the health for an enterprise status, and the text. The server checks the author's roles.
 */
import {
  Button,
  Card,
  CardHeader,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { engagementKey, pick, useProgrammeDocument } from './data';
import { type EngagementDetail, HEALTH, type Health } from './types';
import { ProblemBar, useLabels, useStyles } from './ui';

interface NoteType {
  id: string;
  name: string;
  perWorkload: boolean;
}

const MANAGER = ['fasttrack-manager', 'rfa-manager', 'targeting-manager', 'fasttrack-architect'];
const ENGINEER = ['fasttrack-engineer', 'sme'];
/** The programme roles a person writes notes as (mirrors the server's rule; the server has the last word). */
function noteRoles(kind: string | undefined, role: string | undefined): string[] | null {
  if (kind === 'partner') return ['partner'];
  if (kind !== 'center') return [];
  if (role === 'admin' || role === 'lead') return [...MANAGER, ...ENGINEER, 'migration-manager'];
  if (role === 'manager') return MANAGER;
  if (role === 'engineer') return ENGINEER;
  if (role === 'migration-manager') return ['migration-manager'];
  return null;
}

/** The note types this person may write: the programme's (by author role), plus those with a cadence. */
function useNoteTypes(e: EngagementDetail): NoteType[] {
  const { me, language } = useSession();
  const doc = useProgrammeDocument().data;
  const roles = noteRoles(me?.organisation?.kind, me?.organisation?.role);
  const out: NoteType[] = (doc?.notes?.types ?? [])
    .filter((x) => !roles || x.authorRoles.some((r) => roles.includes(r)))
    .map((x) => ({ id: x.id, name: pick(x.name, language, x.id), perWorkload: x.perWorkload }));
  for (const n of e.notes)
    if (!doc?.notes?.types?.length && !out.some((x) => x.id === n.type))
      out.push({ id: n.type, name: n.name, perWorkload: false });
  return out;
}

export function NoteForm({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const queryClient = useQueryClient();
  const types = useNoteTypes(e);
  const [type, setType] = useState('');
  const [workload, setWorkload] = useState('');
  const [health, setHealth] = useState<Health | ''>('');
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState(false);
  const chosen = types.find((x) => x.id === type);
  const needsHealth = type === 'enterprise-status';

  const add = useMutation({
    mutationFn: async () => {
      const { error } = await api.POST('/api/engagements/{id}/notes', {
        params: { path: { id: e.id } },
        body: {
          type,
          body,
          ...(workload ? { workload } : {}),
          ...(needsHealth && health ? { health } : {}),
        },
      });
      if (error) throw error;
    },
    onMutate: () => setSaved(false),
    onSuccess: () => {
      setBody('');
      setHealth('');
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: engagementKey(e.id) });
      void queryClient.invalidateQueries({ queryKey: ['engagements'] });
    },
  });
  const errors = fieldErrors(add.error);
  const fieldProps = (path: string) => ({
    validationMessage: errors[path],
    validationState: errors[path] ? ('error' as const) : ('none' as const),
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    add.mutate();
  };
  const workloadOptions = [
    ...(chosen?.perWorkload ? [] : [{ id: '', name: t('ui.engagement.noteForm.noWorkload') }]),
    ...e.workloads.map((w) => ({ id: w.workload, name: w.name })),
  ];

  return (
    <Card className={s.card}>
      <CardHeader
        header={
          <Title3 as="h2" id="note-form" className={s.heading}>
            {t('ui.engagement.noteForm.title')}
          </Title3>
        }
      />
      <form className={s.stack} onSubmit={submit} aria-labelledby="note-form" noValidate>
        <Field label={t('ui.engagement.noteForm.type')} required {...fieldProps('/body/type')}>
          <Dropdown
            value={chosen?.name ?? ''}
            placeholder={t('ui.engagement.noteForm.typePlaceholder')}
            selectedOptions={type ? [type] : []}
            onOptionSelect={(_, d) => {
              const next = types.find((x) => x.id === d.optionValue);
              setType(d.optionValue ?? '');
              if (next?.perWorkload && !workload && e.workloads[0]) setWorkload(e.workloads[0].workload);
            }}
          >
            {types.map((x) => (
              <Option key={x.id} value={x.id}>
                {x.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {e.workloads.length > 0 && (
          <Field
            label={t('ui.engagement.noteForm.workload')}
            required={chosen?.perWorkload}
            {...fieldProps('/body/workload')}
          >
            <Dropdown
              value={workloadOptions.find((o) => o.id === workload)?.name ?? ''}
              selectedOptions={[workload]}
              onOptionSelect={(_, d) => setWorkload(d.optionValue ?? '')}
            >
              {workloadOptions.map((o) => (
                <Option key={o.id || '-'} value={o.id}>
                  {o.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        {needsHealth && (
          <Field label={t('ui.engagement.noteForm.health')} required {...fieldProps('/body/health')}>
            <Dropdown
              value={health ? l.health(health) : ''}
              placeholder={t('ui.engagement.noteForm.healthPlaceholder')}
              selectedOptions={health ? [health] : []}
              onOptionSelect={(_, d) => setHealth((d.optionValue as Health) ?? '')}
            >
              {HEALTH.map((h) => (
                <Option key={h} value={h}>
                  {l.health(h)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label={t('ui.engagement.noteForm.body')} required {...fieldProps('/body/body')}>
          <Textarea
            value={body}
            onChange={(_, d) => setBody(d.value)}
            rows={6}
            resize="vertical"
            maxLength={20000}
          />
        </Field>
        {add.isError && <ProblemBar problem={add.error} />}
        {saved && (
          <MessageBar intent="success">
            <MessageBarBody>{t('ui.engagement.noteForm.saved')}</MessageBarBody>
          </MessageBar>
        )}
        <div>
          <Button appearance="primary" type="submit" disabled={add.isPending || !type || !body.trim()}>
            {t('ui.engagement.noteForm.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
