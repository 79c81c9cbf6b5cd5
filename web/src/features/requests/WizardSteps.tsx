/** The steps of the request wizard: overview, products, customer details, contacts, review. */
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Combobox,
  Dropdown,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  Switch,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useCallback, useId, useState } from 'react';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { LANGUAGES, type ProgrammeView, useDisplayNames } from './common';
import type { ContactDraft, Draft, StepId, WorkloadChoice } from './draft';
import { STEPS, stepOf } from './draft';
import { useFactStyles } from './DecisionLists';
import { EligibilityPanel } from './EligibilityPanel';
import { localToday } from './validate';

const useOwnStepStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(260px, 2fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    '@media (max-width: 860px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  aside: {
    position: 'sticky',
    top: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  fieldset: {
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  workload: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  workloadFields: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 1fr) minmax(200px, 2fr)',
    gap: tokens.spacingHorizontalM,
    paddingInlineStart: tokens.spacingHorizontalXXL,
    paddingBottom: tokens.spacingVerticalS,
    '@media (max-width: 600px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  error: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  formGrid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  narrow: { maxWidth: '560px' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
});

export const useStepStyles = () => ({ ...useFactStyles(), ...useOwnStepStyles() });

export interface StepProps {
  draft: Draft;
  update: (fn: (d: Draft) => Draft) => void;
  errors: Record<string, string>;
  /** forget the errors at a path and below it */
  clearErrors: (path: string) => void;
  programme: ProgrammeView;
  customerId: string;
  /** a request being corrected: its requester (a new request's is the person signed in) */
  requester?: { name: string; email: string };
}

/** Field errors by JSON pointer, and `clearErrors(path)` that forgets a path and everything below it. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const clearErrors = useCallback((path: string) => {
    setErrors((e) => {
      const left = Object.fromEntries(
        Object.entries(e).filter(([p]) => p !== path && !p.startsWith(`${path}/`)),
      );
      return Object.keys(left).length === Object.keys(e).length ? e : left;
    });
  }, []);
  return { errors, setErrors, clearErrors };
}

const fieldState = (errors: Record<string, string>, path: string) =>
  errors[path] ? { validationState: 'error' as const, validationMessage: errors[path] } : {};

/** Errors at or below a path that no field shows (e.g. `/body/options`), so none is hidden. */
function orphanErrors(errors: Record<string, string>, prefix: RegExp, shown: Set<string>): string[] {
  return Object.entries(errors)
    .filter(([p]) => prefix.test(p) && !shown.has(p))
    .map(([, m]) => m);
}

function Orphans({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <MessageBar intent="error">
      <MessageBarBody>
        {messages.map((m) => (
          <div key={m}>{m}</div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}

/** A group of controls with its own error line (fields show theirs through Field). */
function Group({
  legend,
  error,
  children,
  hint,
}: {
  legend: ReactNode;
  error?: string;
  children: ReactNode;
  hint?: ReactNode;
}) {
  const s = useStepStyles();
  const errorId = useId();
  return (
    <fieldset
      className={s.fieldset}
      aria-describedby={error ? errorId : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className={s.legend}>{legend}</legend>
      {hint}
      {children}
      {error && (
        <Text id={errorId} className={s.error} role="alert">
          {error}
        </Text>
      )}
    </fieldset>
  );
}

// ------------------------------------------------------------------------------------------------
// 1. Overview
// ------------------------------------------------------------------------------------------------

export function OverviewStep() {
  const s = useStepStyles();
  const t = useT();
  return (
    <div className={mergeClasses(s.stack, s.narrow)}>
      <Body1>{t('ui.wizard.overview.intro')}</Body1>
      <Body1>{t('ui.wizard.overview.guidance')}</Body1>
      <Subtitle2 as="h3" className={s.heading}>
        {t('ui.wizard.overview.whatYouGet')}
      </Subtitle2>
      <ul className={s.list}>
        <li>{t('ui.wizard.overview.plan')}</li>
        <li>{t('ui.wizard.overview.deploy')}</li>
        <li>{t('ui.wizard.overview.adopt')}</li>
        <li>{t('ui.wizard.overview.migrate')}</li>
      </ul>
      <Subtitle2 as="h3" className={s.heading}>
        {t('ui.wizard.overview.eligibilityTitle')}
      </Subtitle2>
      <Body1>{t('ui.wizard.overview.eligibility')}</Body1>
      <Subtitle2 as="h3" className={s.heading}>
        {t('ui.wizard.overview.nextTitle')}
      </Subtitle2>
      <Body1>{t('ui.wizard.overview.next')}</Body1>
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// 2. Products
// ------------------------------------------------------------------------------------------------

/** Migration sources whose data can land in one of the chosen workloads. */
export function sourcesFor(programme: ProgrammeView, workloads: string[]) {
  return programme.migrationSources.filter(
    (src) =>
      src.destinations.some((d) => workloads.includes(d)) ||
      programme.workloads.some((w) => workloads.includes(w.id) && w.migrationSources.includes(src.id)),
  );
}

export function ProductsStep({ draft, update, errors, clearErrors, programme, customerId }: StepProps) {
  const s = useStepStyles();
  const t = useT();
  const today = localToday();
  const chosenIds = draft.workloads.map((w) => w.workload);
  const order = (id: string) => programme.requestable.findIndex((w) => w.id === id);
  const sources = sourcesFor(programme, chosenIds);
  const shown = new Set<string>(['/body/workloads', '/body/options/migrationSources']);

  const toggle = (id: string, on: boolean) => {
    update((d) => {
      const workloads: WorkloadChoice[] = on
        ? [
            ...d.workloads.filter((w) => w.workload !== id),
            { workload: id, plannedDate: '', businessReason: '' },
          ]
        : d.workloads.filter((w) => w.workload !== id);
      workloads.sort((a, b) => order(a.workload) - order(b.workload));
      const still = sourcesFor(
        programme,
        workloads.map((w) => w.workload),
      ).map((x) => x.id);
      return { ...d, workloads, migrationSources: d.migrationSources.filter((x) => still.includes(x)) };
    });
    // the indices of the workloads move: earlier messages no longer point at the right row
    clearErrors('/body/workloads');
    clearErrors('/body/options');
  };
  const setWorkload = (i: number, patch: Partial<WorkloadChoice>, path: string) => {
    update((d) => ({ ...d, workloads: d.workloads.map((w, j) => (j === i ? { ...w, ...patch } : w)) }));
    clearErrors(path);
  };

  return (
    <div className={s.columns}>
      <div className={s.stack}>
        <Group
          legend={
            <Subtitle2 as="h3" className={s.heading}>
              {t('ui.wizard.products.workloads')}
            </Subtitle2>
          }
          hint={<Caption1 className={s.muted}>{t('ui.wizard.products.workloadsHint')}</Caption1>}
          error={errors['/body/workloads']}
        >
          {programme.requestable.map((w) => {
            const i = draft.workloads.findIndex((x) => x.workload === w.id);
            const choice = i >= 0 ? draft.workloads[i] : undefined;
            const at = `/body/workloads/${i}`;
            if (choice) {
              shown.add(`${at}/plannedDate`);
              shown.add(`${at}/businessReason`);
            }
            return (
              <div key={w.id} className={s.workload}>
                <Checkbox
                  label={w.name}
                  checked={!!choice}
                  onChange={(_, data) => toggle(w.id, !!data.checked)}
                />
                {choice && (
                  <div className={s.workloadFields}>
                    <Field
                      label={t('ui.wizard.products.plannedDate', { workload: w.name })}
                      required
                      {...fieldState(errors, `${at}/plannedDate`)}
                    >
                      <Input
                        type="date"
                        min={today}
                        value={choice.plannedDate}
                        onChange={(_, data) =>
                          setWorkload(i, { plannedDate: data.value }, `${at}/plannedDate`)
                        }
                      />
                    </Field>
                    <Field
                      label={t('ui.wizard.products.businessReason', { workload: w.name })}
                      {...fieldState(errors, `${at}/businessReason`)}
                    >
                      <Input
                        value={choice.businessReason}
                        maxLength={500}
                        onChange={(_, data) =>
                          setWorkload(i, { businessReason: data.value }, `${at}/businessReason`)
                        }
                      />
                    </Field>
                  </div>
                )}
              </div>
            );
          })}
        </Group>
        <Orphans messages={orphanErrors(errors, /^\/body\/workloads/, shown)} />

        <Group
          legend={
            <Subtitle2 as="h3" className={s.heading}>
              {t('ui.wizard.products.migrationTitle')}
            </Subtitle2>
          }
          hint={<Caption1 className={s.muted}>{t('ui.wizard.products.migrationHint')}</Caption1>}
        >
          <Switch
            label={t('ui.wizard.products.dataMigration')}
            checked={draft.dataMigration}
            onChange={(_, data) => {
              update((d) => ({
                ...d,
                dataMigration: !!data.checked,
                migrationSources: data.checked ? d.migrationSources : [],
              }));
              clearErrors('/body/options');
            }}
          />
          {draft.dataMigration && (
            <Group
              legend={<Text weight="semibold">{t('ui.wizard.products.sources')}</Text>}
              error={errors['/body/options/migrationSources']}
            >
              {sources.length === 0 && <Text className={s.muted}>{t('ui.wizard.products.noSources')}</Text>}
              {sources.map((src) => (
                <Checkbox
                  key={src.id}
                  label={src.name}
                  checked={draft.migrationSources.includes(src.id)}
                  onChange={(_, data) => {
                    update((d) => ({
                      ...d,
                      migrationSources: data.checked
                        ? [...d.migrationSources.filter((x) => x !== src.id), src.id]
                        : d.migrationSources.filter((x) => x !== src.id),
                    }));
                    clearErrors('/body/options');
                  }}
                />
              ))}
            </Group>
          )}
        </Group>
        <Orphans messages={orphanErrors(errors, /^\/body\/options/, shown)} />
      </div>
      <aside className={s.aside}>
        <EligibilityPanel customerId={customerId} workloads={chosenIds} dataMigration={draft.dataMigration} />
      </aside>
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// 3. Customer details
// ------------------------------------------------------------------------------------------------

function CountryPicker({
  value,
  onChange,
  countries,
  error,
}: {
  value: string;
  onChange: (code: string) => void;
  countries: string[];
  error?: string;
}) {
  const t = useT();
  const { language } = useSession();
  const names = useDisplayNames();
  const options = countries
    .map((code) => ({ code, name: names.country(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
  const [query, setQuery] = useState<string | null>(null);
  const selected = value ? names.country(value) : '';
  const q = (query ?? '').trim().toLowerCase();
  const shown = q
    ? options.filter((o) => o.name.toLowerCase().includes(q) || o.code.toLowerCase() === q)
    : options;
  const commitTyped = () => {
    if (query === null) return;
    const exact = options.find((o) => o.name.toLowerCase() === q || o.code.toLowerCase() === q);
    if (exact) onChange(exact.code);
    setQuery(null);
  };
  return (
    <Field
      label={t('ui.wizard.details.serviceLocation')}
      hint={t('ui.wizard.details.serviceLocationHint')}
      required
      {...(error ? { validationState: 'error' as const, validationMessage: error } : {})}
    >
      <Combobox
        value={query ?? selected}
        selectedOptions={value ? [value] : []}
        onChange={(e) => setQuery(e.target.value)}
        onOptionSelect={(_, d) => {
          if (d.optionValue) onChange(d.optionValue);
          setQuery(null);
        }}
        onBlur={commitTyped}
      >
        {shown.map((o) => (
          <Option key={o.code} value={o.code} text={o.name}>
            {o.name}
          </Option>
        ))}
        {shown.length === 0 && (
          <Option key="none" value="" text="" disabled>
            {t('ui.wizard.details.noCountry')}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}

export function DetailsStep({ draft, update, errors, clearErrors, programme }: StepProps) {
  const s = useStepStyles();
  const t = useT();
  const names = useDisplayNames();
  const set = (patch: Partial<Draft>, path: string) => {
    update((d) => ({ ...d, ...patch }));
    clearErrors(path);
  };
  const shown = new Set([
    '/body/projectName',
    '/body/serviceLocation',
    '/body/preferredLanguage',
    '/body/comments',
  ]);
  return (
    <div className={mergeClasses(s.stack, s.narrow)}>
      <Field
        label={t('ui.wizard.details.projectName')}
        hint={t('ui.wizard.details.projectNameHint')}
        required
        {...fieldState(errors, '/body/projectName')}
      >
        <Input
          value={draft.projectName}
          maxLength={120}
          onChange={(_, d) => set({ projectName: d.value }, '/body/projectName')}
        />
      </Field>
      <CountryPicker
        value={draft.serviceLocation}
        countries={
          programme.countries.includes(draft.serviceLocation) || !draft.serviceLocation
            ? programme.countries
            : [...programme.countries, draft.serviceLocation]
        }
        onChange={(code) => set({ serviceLocation: code }, '/body/serviceLocation')}
        error={errors['/body/serviceLocation']}
      />
      <Field
        label={t('ui.wizard.details.preferredLanguage')}
        hint={t('ui.wizard.details.preferredLanguageHint')}
        required
        {...fieldState(errors, '/body/preferredLanguage')}
      >
        <Dropdown
          value={draft.preferredLanguage ? names.language(draft.preferredLanguage) : ''}
          selectedOptions={draft.preferredLanguage ? [draft.preferredLanguage] : []}
          onOptionSelect={(_, d) =>
            d.optionValue && set({ preferredLanguage: d.optionValue }, '/body/preferredLanguage')
          }
        >
          {LANGUAGES.map((l) => (
            <Option key={l} value={l} text={names.language(l)}>
              {names.language(l)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label={t('ui.wizard.details.comments')}
        hint={t('ui.wizard.details.commentsHint')}
        {...fieldState(errors, '/body/comments')}
      >
        <Textarea
          value={draft.comments}
          maxLength={4000}
          resize="vertical"
          rows={5}
          onChange={(_, d) => set({ comments: d.value }, '/body/comments')}
        />
      </Field>
      <Orphans
        messages={orphanErrors(
          errors,
          /^\/body\/(projectName|serviceLocation|preferredLanguage|comments)/,
          shown,
        )}
      />
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// 4. Contacts
// ------------------------------------------------------------------------------------------------

function ContactFields({
  which,
  contact,
  onChange,
  errors,
}: {
  which: 'primaryContact' | 'businessSponsor';
  contact: ContactDraft;
  onChange: (patch: Partial<ContactDraft>, path: string) => void;
  errors: Record<string, string>;
}) {
  const s = useStepStyles();
  const t = useT();
  const at = `/body/${which}`;
  const role = which === 'primaryContact' ? 'primary' : 'sponsor';
  return (
    <Group
      legend={
        <Subtitle2 as="h3" className={s.heading}>
          {t(`ui.wizard.contacts.${role}`)}
        </Subtitle2>
      }
      hint={<Caption1 className={s.muted}>{t(`ui.wizard.contacts.${role}Hint`)}</Caption1>}
      error={errors[at]}
    >
      <Switch
        label={t(`ui.wizard.contacts.${role}Same`)}
        checked={contact.same}
        onChange={(_, d) => onChange({ same: !!d.checked }, at)}
      />
      {!contact.same && (
        <div className={s.formGrid}>
          <Field label={t('ui.wizard.contacts.name')} required {...fieldState(errors, `${at}/name`)}>
            <Input
              value={contact.name}
              maxLength={200}
              autoComplete="off"
              onChange={(_, d) => onChange({ name: d.value }, `${at}/name`)}
            />
          </Field>
          <Field label={t('ui.wizard.contacts.email')} required {...fieldState(errors, `${at}/email`)}>
            <Input
              type="email"
              value={contact.email}
              maxLength={254}
              autoComplete="off"
              onChange={(_, d) => onChange({ email: d.value }, `${at}/email`)}
            />
          </Field>
          <Field label={t('ui.wizard.contacts.phoneOptional')} {...fieldState(errors, `${at}/phone`)}>
            <Input
              type="tel"
              value={contact.phone}
              maxLength={40}
              autoComplete="off"
              onChange={(_, d) => onChange({ phone: d.value }, `${at}/phone`)}
            />
          </Field>
          <Field label={t('ui.wizard.contacts.titleOptional')} {...fieldState(errors, `${at}/title`)}>
            <Input
              value={contact.title}
              maxLength={120}
              autoComplete="off"
              onChange={(_, d) => onChange({ title: d.value }, `${at}/title`)}
            />
          </Field>
        </div>
      )}
    </Group>
  );
}

export function ContactsStep({ draft, update, errors, clearErrors, requester }: StepProps) {
  const s = useStepStyles();
  const t = useT();
  const { me } = useSession();
  const shown = new Set([
    '/body/requester/phone',
    '/body/requester/title',
    '/body/primaryContact',
    '/body/businessSponsor',
  ]);
  for (const which of ['primaryContact', 'businessSponsor'] as const)
    if (!draft[which].same)
      for (const f of ['name', 'email', 'phone', 'title']) shown.add(`/body/${which}/${f}`);
  const contact =
    (which: 'primaryContact' | 'businessSponsor') => (patch: Partial<ContactDraft>, path: string) => {
      update((d) => ({ ...d, [which]: { ...d[which], ...patch } }));
      clearErrors(path);
    };
  const fields = (
    <>
      <ContactFields
        which="primaryContact"
        contact={draft.primaryContact}
        onChange={contact('primaryContact')}
        errors={errors}
      />
      <ContactFields
        which="businessSponsor"
        contact={draft.businessSponsor}
        onChange={contact('businessSponsor')}
        errors={errors}
      />
    </>
  );
  return (
    <div className={s.stack}>
      <Group
        legend={
          <Subtitle2 as="h3" className={s.heading}>
            {t('ui.wizard.contacts.requester')}
          </Subtitle2>
        }
        hint={
          requester ? undefined : (
            <Caption1 className={s.muted}>{t('ui.wizard.contacts.requesterHint')}</Caption1>
          )
        }
      >
        <dl className={s.dl}>
          <dt>{t('ui.wizard.contacts.name')}</dt>
          <dd>{(requester ?? me?.user)?.name}</dd>
          <dt>{t('ui.wizard.contacts.email')}</dt>
          <dd>{(requester ?? me?.user)?.email}</dd>
        </dl>
        <div className={s.formGrid}>
          <Field
            label={t('ui.wizard.contacts.phone')}
            required
            {...fieldState(errors, '/body/requester/phone')}
          >
            <Input
              type="tel"
              autoComplete="tel"
              maxLength={40}
              value={draft.requesterPhone}
              onChange={(_, d) => {
                update((x) => ({ ...x, requesterPhone: d.value }));
                clearErrors('/body/requester/phone');
              }}
            />
          </Field>
          <Field
            label={t('ui.wizard.contacts.title')}
            required
            {...fieldState(errors, '/body/requester/title')}
          >
            <Input
              autoComplete="organization-title"
              maxLength={120}
              value={draft.requesterTitle}
              onChange={(_, d) => {
                update((x) => ({ ...x, requesterTitle: d.value }));
                clearErrors('/body/requester/title');
              }}
            />
          </Field>
        </div>
      </Group>
      {fields}
      <Orphans
        messages={orphanErrors(errors, /^\/body\/(requester|primaryContact|businessSponsor)/, shown)}
      />
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// 5. Review
// ------------------------------------------------------------------------------------------------

function ReviewSection({
  title,
  step,
  onEdit,
  children,
}: {
  title: string;
  step: StepId;
  onEdit: (step: StepId) => void;
  children: ReactNode;
}) {
  const s = useStepStyles();
  const t = useT();
  return (
    <section className={s.section} aria-label={title}>
      <div className={s.sectionHead}>
        <Subtitle2 as="h3" className={s.heading}>
          {title}
        </Subtitle2>
        <Button
          appearance="subtle"
          aria-label={t('ui.wizard.review.editSection', { section: title })}
          onClick={() => onEdit(step)}
        >
          {t('ui.wizard.review.edit')}
        </Button>
      </div>
      {children}
    </section>
  );
}

function ContactSummary({ contact }: { contact: ContactDraft }) {
  const t = useT();
  if (contact.same) return <>{t('ui.wizard.review.sameAsRequester')}</>;
  return (
    <>{[contact.name, contact.email, contact.phone, contact.title].filter((x) => x.trim()).join(' · ')}</>
  );
}

export function ReviewStep({
  draft,
  programme,
  customerId,
  errors,
  onEdit,
}: StepProps & { onEdit: (step: StepId) => void }) {
  const s = useStepStyles();
  const t = useT();
  const format = useFormat();
  const names = useDisplayNames();
  const { me } = useSession();
  const workloadName = (id: string) => programme.workloads.find((w) => w.id === id)?.name ?? id;
  const sourceName = (id: string) => programme.migrationSources.find((x) => x.id === id)?.name ?? id;
  // problems no other step shows (the customer, the channel, the key)
  const general = Object.entries(errors)
    .filter(([p]) => stepOf(p) === STEPS.indexOf('review'))
    .map(([, m]) => m);
  return (
    <div className={s.columns}>
      <div className={s.stack}>
        <Orphans messages={general} />
        <ReviewSection title={t('ui.wizard.step.products')} step="products" onEdit={onEdit}>
          <dl className={s.dl}>
            {draft.workloads.map((w) => (
              <div key={w.workload} style={{ display: 'contents' }}>
                <dt>{workloadName(w.workload)}</dt>
                <dd>
                  {t('ui.wizard.review.plannedOn', { date: format.date(w.plannedDate || null) })}
                  {w.businessReason.trim() && ` · ${w.businessReason.trim()}`}
                </dd>
              </div>
            ))}
            <dt>{t('ui.wizard.products.dataMigration')}</dt>
            <dd>
              {draft.dataMigration
                ? t('ui.wizard.review.migrationFrom', {
                    sources: draft.migrationSources.map(sourceName).join(', '),
                  })
                : t('ui.wizard.review.no')}
            </dd>
          </dl>
        </ReviewSection>
        <ReviewSection title={t('ui.wizard.step.details')} step="details" onEdit={onEdit}>
          <dl className={s.dl}>
            <dt>{t('ui.wizard.details.projectName')}</dt>
            <dd>{draft.projectName}</dd>
            <dt>{t('ui.wizard.details.serviceLocation')}</dt>
            <dd>{draft.serviceLocation ? names.country(draft.serviceLocation) : '—'}</dd>
            <dt>{t('ui.wizard.details.preferredLanguage')}</dt>
            <dd>{draft.preferredLanguage ? names.language(draft.preferredLanguage) : '—'}</dd>
            <dt>{t('ui.wizard.details.comments')}</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{draft.comments.trim() || '—'}</dd>
          </dl>
        </ReviewSection>
        <ReviewSection title={t('ui.wizard.step.contacts')} step="contacts" onEdit={onEdit}>
          <dl className={s.dl}>
            <dt>{t('ui.wizard.contacts.requester')}</dt>
            <dd>
              {[me?.user.name, me?.user.email, draft.requesterPhone, draft.requesterTitle]
                .filter(Boolean)
                .join(' · ')}
            </dd>
            <dt>{t('ui.wizard.contacts.primary')}</dt>
            <dd>
              <ContactSummary contact={draft.primaryContact} />
            </dd>
            <dt>{t('ui.wizard.contacts.sponsor')}</dt>
            <dd>
              <ContactSummary contact={draft.businessSponsor} />
            </dd>
          </dl>
        </ReviewSection>
      </div>
      <aside className={s.aside}>
        <EligibilityPanel
          customerId={customerId}
          workloads={draft.workloads.map((w) => w.workload)}
          dataMigration={draft.dataMigration}
        />
      </aside>
    </div>
  );
}
