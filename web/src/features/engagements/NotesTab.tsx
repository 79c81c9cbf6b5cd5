/** The engagement's notes, newest first, and (for the delivering side) a form to write one. */
import {
  Badge,
  Card,
  Dropdown,
  Field,
  Option,
  Spinner,
  Text,
  Title2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { useNotes } from './data';
import { NoteForm } from './NoteForm';
import type { EngagementDetail } from './types';
import { HealthBadge, ProblemBar, useStyles } from './ui';

export function NotesTab({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const { me } = useSession();
  const notes = useNotes(e.id);
  const [type, setType] = useState('');
  const kind = me?.organisation?.kind;
  const mayWrite = (kind === 'center' || kind === 'partner') && e.status === 'active';
  const workloadName = (id: string | null) => e.workloads.find((w) => w.workload === id)?.name ?? id ?? '';
  const items = notes.data ?? [];
  const types = [...new Map(items.map((n) => [n.type, n.typeName || n.type])).entries()];
  const shown = type ? items.filter((n) => n.type === type) : items;
  const typeOptions = [
    { id: '', name: t('ui.engagement.notes.allTypes') },
    ...types.map(([id, name]) => ({ id, name })),
  ];

  return (
    <div
      className={s.grid}
      style={{
        gridTemplateColumns: mayWrite ? 'minmax(0, 2fr) minmax(280px, 1fr)' : '1fr',
        alignItems: 'start',
      }}
    >
      <section className={s.stack} aria-labelledby="notes-title">
        <div className={s.pageHeader}>
          <Title2 as="h2" id="notes-title" className={s.heading}>
            {t('ui.engagement.notes.title')}
          </Title2>
          {types.length > 1 && (
            <Field label={t('ui.engagement.notes.filterType')} orientation="horizontal">
              <Dropdown
                className={s.filter}
                value={typeOptions.find((o) => o.id === type)?.name}
                selectedOptions={[type]}
                onOptionSelect={(_, d) => setType(d.optionValue ?? '')}
              >
                {typeOptions.map((o) => (
                  <Option key={o.id || '-'} value={o.id}>
                    {o.name}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
        </div>
        {notes.isLoading && <Spinner label={t('ui.common.loading')} />}
        {notes.isError && <ProblemBar problem={notes.error} />}
        {notes.isSuccess && shown.length === 0 && <Text>{t('ui.engagement.notes.none')}</Text>}
        <ol className={s.list}>
          {shown.map((n) => (
            <li key={n.id}>
              <Card className={s.card} data-testid="note">
                <div className={s.row} style={{ justifyContent: 'space-between' }}>
                  <div className={s.row}>
                    <Title3 as="h3" className={s.heading} style={{ fontSize: tokens.fontSizeBase400 }}>
                      {n.typeName || n.type}
                    </Title3>
                    {n.workload && <Badge appearance="outline">{workloadName(n.workload)}</Badge>}
                    {n.health && <HealthBadge health={n.health} />}
                  </div>
                  <Text size={200} className={s.muted}>
                    {t('ui.engagement.notes.byline', {
                      author: n.authorName ?? t('ui.engagement.notes.unknownAuthor'),
                      date: fmt.dateTime(n.at),
                    })}
                  </Text>
                </div>
                {Object.keys(n.fields ?? {}).length > 0 && (
                  <dl className={s.facts}>
                    {Object.entries(n.fields).map(([k, v]) => (
                      <div key={k} style={{ display: 'contents' }}>
                        <dt>{k}</dt>
                        <dd className={s.pre}>{v}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                <p className={s.pre}>{n.body}</p>
              </Card>
            </li>
          ))}
        </ol>
      </section>
      {mayWrite && <NoteForm engagement={e} />}
    </div>
  );
}
