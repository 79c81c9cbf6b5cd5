/**
 * A center lead or admin edits a person's whole routing profile: roles, languages, regions, skills (workloads),
 * capacity, time zone, weekly working hours, holidays and away periods. The server's field errors show on the
 * field they name (`/body/away/0/to`).
 */
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
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { LANGUAGES, useT } from '../../i18n';
import { useProgramme } from '../engagements/data';
import { ProblemBar, useLabels } from '../engagements/ui';
import {
  CENTER_ROLES,
  invalid,
  MultiSelect,
  type PersonProfile,
  type PersonProfileInput,
  TimeZoneField,
  useFieldErrors,
  useNames,
  useProfileStyles,
} from './common';
import { AvailabilityEditors } from './editors';

export function PersonDialog({
  person,
  onClose,
  onSaved,
}: {
  person: PersonProfile;
  onClose: () => void;
  onSaved: (p: PersonProfile) => void;
}) {
  const s = useProfileStyles();
  const t = useT();
  const l = useLabels();
  const names = useNames();
  const programme = useProgramme().data;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PersonProfile>(person);
  const [capacity, setCapacity] = useState(String(person.capacity));
  const set = (patch: Partial<PersonProfile>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useMutation({
    mutationFn: async () => {
      const body: PersonProfileInput = {
        roles: draft.roles,
        languages: draft.languages,
        regions: draft.regions,
        workloads: draft.workloads,
        capacity: capacity.trim() === '' ? Number.NaN : Number(capacity),
        workingHours: draft.workingHours,
        holidays: draft.holidays,
        away: draft.away,
        timeZone: draft.timeZone,
      };
      const { data, error } = await api.PUT('/api/people/{id}/profile', {
        params: { path: { id: person.userId } },
        body,
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      onSaved(data);
    },
  });
  const errors = useFieldErrors(save.error);

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && !save.isPending && onClose()}>
      <DialogSurface style={{ maxWidth: '960px' }}>
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            save.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('ui.people.edit.title', { name: person.name })}</DialogTitle>
            <DialogContent className={s.section}>
              <ProblemBar problem={save.error} />
              <div className={s.grid}>
                <MultiSelect
                  label={t('ui.people.field.roles')}
                  choices={CENTER_ROLES.map((r) => ({ value: r, text: l.role(r) }))}
                  selected={draft.roles}
                  onChange={(roles) => set({ roles })}
                  error={errors.under('/body/roles')}
                />
                <MultiSelect
                  label={t('ui.people.field.languages')}
                  choices={LANGUAGES.map((c) => ({ value: c, text: names.language(c) }))}
                  selected={draft.languages}
                  onChange={(languages) => set({ languages })}
                  error={errors.under('/body/languages')}
                />
                <MultiSelect
                  label={t('ui.people.field.regions')}
                  choices={(programme?.regions ?? []).map((r) => ({ value: r.id, text: r.name }))}
                  selected={draft.regions}
                  onChange={(regions) => set({ regions })}
                  error={errors.under('/body/regions')}
                />
                <MultiSelect
                  label={t('ui.people.field.workloads')}
                  choices={(programme?.workloads ?? []).map((w) => ({ value: w.id, text: w.name }))}
                  selected={draft.workloads}
                  onChange={(workloads) => set({ workloads })}
                  error={errors.under('/body/workloads')}
                />
                <Field
                  label={t('ui.people.field.capacity')}
                  hint={t('ui.people.field.capacityHint')}
                  {...invalid(errors.under('/body/capacity'))}
                >
                  <Input
                    type="number"
                    min={0}
                    max={500}
                    value={capacity}
                    onChange={(_, d) => setCapacity(d.value)}
                  />
                </Field>
                <TimeZoneField
                  label={t('ui.availability.timeZone')}
                  value={draft.timeZone}
                  onChange={(timeZone) => set({ timeZone })}
                  error={errors.under('/body/timeZone')}
                />
              </div>
              <AvailabilityEditors value={draft} onChange={set} errors={errors} />
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={save.isPending}>
                {t('ui.availability.save')}
              </Button>
              <Button appearance="secondary" disabled={save.isPending} onClick={onClose}>
                {t('ui.engagement.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
