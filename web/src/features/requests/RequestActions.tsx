/**
 * What can be done to a request: center staff claim, release, approve, put on hold, ask the
 * requester, cancel or return it to review (each decision with a reason from the notes bank);
 * the requester answers a question put to it.
 */
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { problemDetail, type Reasons, type RequestDetailData, RouterButton, useReasons } from './common';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  checks: { display: 'flex', flexDirection: 'column' },
  group: {
    border: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  legend: { padding: 0, fontWeight: tokens.fontWeightRegular, marginBottom: tokens.spacingVerticalXS },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export type Decision =
  | 'approve'
  | 'on-hold'
  | 'on-hold-pending-requestor-response'
  | 'cancelled'
  | 'submitted'
  | 'reply'
  | 'withdraw';

const BANK: Partial<Record<Decision, Exclude<keyof Reasons, 'message'>>> = {
  approve: 'approve',
  'on-hold': 'hold',
  'on-hold-pending-requestor-response': 'pending-requestor-response',
  cancelled: 'cancel',
};

export const REVIEWER_ROLES = ['admin', 'lead', 'manager'];
/** Who delivers an approved product (the API's scenarios); empty: as the programme's rules decide. */
const SCENARIOS = ['center-led', 'partner-led', 'partner-referral', 'customer-led'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** Who may approve a product that is not eligible, by exception (as the API decides). */
const EXCEPTION_ROLES = ['admin', 'lead'];
/** The notes bank's reason for a request its requester withdrew. */
const WITHDRAWN = 'withdrawn-by-requester';

export function useApplyDetail(id: string) {
  const queryClient = useQueryClient();
  return (detail: RequestDetailData) => {
    queryClient.setQueriesData({ queryKey: ['requests', 'detail', id] }, detail);
    void queryClient.invalidateQueries({ queryKey: ['requests', 'list'] });
  };
}

/**
 * Checkboxes under one legend (a Fluent `Field` labels a single control, so a group is a fieldset),
 * with a hint and the group's error.
 */
function CheckGroup({
  label,
  hint,
  error,
  items,
  checked,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  items: { id: string; label: string }[];
  checked: (id: string) => boolean;
  onChange: (id: string, on: boolean) => void;
}) {
  const s = useStyles();
  return (
    <fieldset className={s.group} aria-invalid={error ? true : undefined}>
      <legend className={s.legend}>{label}</legend>
      <div className={s.checks}>
        {items.map((x) => (
          <Checkbox
            key={x.id}
            label={x.label}
            checked={checked(x.id)}
            onChange={(_, d) => onChange(x.id, !!d.checked)}
          />
        ))}
      </div>
      <Caption1 className={s.hint}>{hint}</Caption1>
      {error && (
        <Caption1 className={s.error} role="alert">
          {error}
        </Caption1>
      )}
    </fieldset>
  );
}

/**
 * The case of an approval, for the reason the dialog proposes (the programme's approval reasons say
 * which case each is for), most specific first: a product approved by exception; Skype for Business
 * asked for and not approved; a partner chosen to deliver; data migration as a service, or as
 * guidance only, for the products approved; otherwise the standard approval.
 */
export function approveCase(
  request: RequestDetailData,
  choice: { exceptions: string[]; leftOut: string[]; scenario: Scenario | '' },
): string {
  if (choice.exceptions.length) return 'exception';
  const verdicts = request.eligibility.workloads;
  const approved = verdicts.filter(
    (w) => (w.eligible && !choice.leftOut.includes(w.workload)) || choice.exceptions.includes(w.workload),
  );
  const asked = request.workloads.map((w) => w.workload);
  if (asked.includes(SKYPE) && !approved.some((w) => w.workload === SKYPE))
    return 'except-skype-for-business';
  if (choice.scenario === 'partner-led') return 'partner-assigned';
  if (request.options.dataMigration) {
    if (approved.some((w) => w.migration === 'service')) return 'migration-service';
    if (approved.some((w) => w.migration === 'guidance')) return 'migration-guidance';
  }
  return 'standard';
}
const SKYPE = 'skype-for-business';

/** The dialog of one decision; `initialReason`: the notes-bank reason it opens with (still changeable). */
export function DecisionDialog({
  request,
  decision,
  onClose,
  initialReason = '',
}: {
  request: RequestDetailData;
  decision: Decision;
  onClose: () => void;
  initialReason?: string;
}) {
  const s = useStyles();
  const t = useT();
  const bank = BANK[decision];
  const reasons = useReasons(!!bank);
  // the reason the reviewer picked; until then, the one proposed for the choices made (approveCase)
  const [pickedReason, setPickedReason] = useState(initialReason);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const apply = useApplyDetail(request.id);
  const { me } = useSession();
  const workloadName = (id: string) => request.workloads.find((x) => x.workload === id)?.name ?? id;
  // products that were not eligible: center admins and leads may approve them by exception
  const mayExcept = decision === 'approve' && EXCEPTION_ROLES.includes(me?.organisation?.role ?? '');
  const ineligible = mayExcept ? request.eligibility.workloads.filter((w) => !w.eligible) : [];
  const [exceptions, setExceptions] = useState<string[]>([]);
  // the eligible products the reviewer leaves out (refused as not chosen), and who delivers
  const eligibleNow =
    decision === 'approve'
      ? request.eligibility.workloads.filter((w) => w.eligible).map((w) => w.workload)
      : [];
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const [scenario, setScenario] = useState<Scenario | ''>('');
  const noteRequired = decision === 'reply' || exceptions.length > 0;
  const options = bank ? (reasons.data?.[bank] ?? []) : [];
  const suggestedCase =
    decision === 'approve' ? approveCase(request, { exceptions, leftOut, scenario }) : undefined;
  const suggested = suggestedCase ? options.find((r) => r.suggestedFor === suggestedCase) : undefined;
  const reasonId = pickedReason || suggested?.id || '';

  const mutation = useMutation({
    mutationFn: async () => {
      const trimmed = note.trim();
      const path = { id: request.id };
      if (decision === 'approve') {
        const { data, error } = await api.POST('/api/requests/{id}/approve', {
          params: { path },
          body: {
            reasonId,
            ...(trimmed ? { note: trimmed } : {}),
            ...(exceptions.length ? { exceptions } : {}),
            // every requested product but those left out: the ineligible ones keep their own refusal reason
            ...(leftOut.length
              ? { workloads: request.workloads.map((w) => w.workload).filter((w) => !leftOut.includes(w)) }
              : {}),
            ...(scenario ? { scenario } : {}),
          },
        });
        if (error) throw error;
        return data;
      }
      const to = decision === 'reply' ? 'submitted' : decision === 'withdraw' ? 'cancelled' : decision;
      // a withdrawal carries its own reason; the other moves the one chosen from the notes bank
      const reason = decision === 'withdraw' ? WITHDRAWN : bank ? reasonId : undefined;
      const { data, error } = await api.POST('/api/requests/{id}/transition', {
        params: { path },
        body: { to, ...(reason ? { reasonId: reason } : {}), ...(trimmed ? { note: trimmed } : {}) },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (detail) => {
      apply(detail);
      onClose();
    },
    onError: (error) => {
      const found = fieldErrors(error);
      setErrors(found);
      const shown = ['/body/reasonId', '/body/note', '/body/exceptions', '/body/workloads', '/body/scenario'];
      const other = Object.entries(found)
        .filter(([p]) => !shown.includes(p))
        .map(([, m]) => m);
      setProblem(
        other.length
          ? other.join(' ')
          : Object.keys(found).length
            ? null
            : error instanceof Error
              ? t('ui.request.actionFailed')
              : (problemDetail(error) ?? t('ui.request.actionFailed')),
      );
    },
  });

  const confirm = () => {
    const found: Record<string, string> = {};
    if (bank && !reasonId) found['/body/reasonId'] = t('ui.request.dialog.reasonRequired');
    if (noteRequired && !note.trim())
      found['/body/note'] = t(
        exceptions.length ? 'ui.request.dialog.exceptionNoteRequired' : 'ui.request.dialog.noteRequired',
      );
    setErrors(found);
    if (Object.keys(found).length === 0) mutation.mutate();
  };

  const title = t(`ui.request.dialog.title.${decision}`);
  const selected = options.find((r) => r.id === reasonId);
  const state = (path: string) =>
    errors[path] ? { validationState: 'error' as const, validationMessage: errors[path] } : {};

  const reasonField = bank && (
    <Field
      label={t('ui.request.dialog.reason')}
      required
      hint={suggested && !pickedReason ? t('ui.request.dialog.reasonSuggested') : undefined}
      {...state('/body/reasonId')}
    >
      <Dropdown
        placeholder={t('ui.request.dialog.reasonPlaceholder')}
        value={selected?.text ?? ''}
        selectedOptions={reasonId ? [reasonId] : []}
        onOptionSelect={(_, d) => {
          setPickedReason(d.optionValue ?? '');
          setErrors((e) => ({ ...e, '/body/reasonId': '' }));
        }}
        disabled={reasons.isLoading}
      >
        {options.map((r) => (
          <Option key={r.id} value={r.id} text={r.text}>
            {r.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && !mutation.isPending && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            confirm();
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={s.form}>
              {t(`ui.request.dialog.intro.${decision}`, { number: request.number })}
              {problem && (
                <MessageBar intent="error">
                  <MessageBarBody>{problem}</MessageBarBody>
                </MessageBar>
              )}
              {decision !== 'approve' && reasonField}
              {reasons.error && (
                <MessageBar intent="error">
                  <MessageBarBody>
                    {problemDetail(reasons.error) ?? t('ui.requests.loadFailed')}
                  </MessageBarBody>
                </MessageBar>
              )}
              {eligibleNow.length > 1 && (
                <CheckGroup
                  label={t('ui.request.dialog.products')}
                  hint={t('ui.request.dialog.productsHint')}
                  error={errors['/body/workloads']}
                  items={eligibleNow.map((w) => ({ id: w, label: workloadName(w) }))}
                  checked={(w) => !leftOut.includes(w)}
                  onChange={(w, on) => setLeftOut((x) => (on ? x.filter((y) => y !== w) : [...x, w]))}
                />
              )}
              {decision === 'approve' && (
                <Field label={t('ui.request.dialog.scenario')} {...state('/body/scenario')}>
                  <Dropdown
                    value={
                      scenario ? t(`requests.scenario.${scenario}`) : t('ui.request.dialog.scenarioAuto')
                    }
                    selectedOptions={[scenario]}
                    onOptionSelect={(_, d) => setScenario((d.optionValue ?? '') as Scenario | '')}
                  >
                    <Option value="" text={t('ui.request.dialog.scenarioAuto')}>
                      {t('ui.request.dialog.scenarioAuto')}
                    </Option>
                    {SCENARIOS.map((x) => (
                      <Option key={x} value={x} text={t(`requests.scenario.${x}`)}>
                        {t(`requests.scenario.${x}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              )}
              {ineligible.length > 0 && (
                <CheckGroup
                  label={t('ui.request.dialog.exceptions')}
                  hint={t('ui.request.dialog.exceptionsHint')}
                  error={errors['/body/exceptions']}
                  items={ineligible.map((w) => ({ id: w.workload, label: workloadName(w.workload) }))}
                  checked={(w) => exceptions.includes(w)}
                  onChange={(w, on) => setExceptions((x) => (on ? [...x, w] : x.filter((y) => y !== w)))}
                />
              )}
              {decision === 'approve' && reasonField}
              <Field
                label={t(
                  decision === 'reply'
                    ? 'ui.request.dialog.reply'
                    : exceptions.length
                      ? 'ui.request.dialog.exceptionNote'
                      : 'ui.request.dialog.note',
                )}
                required={noteRequired}
                {...state('/body/note')}
              >
                <Textarea
                  value={note}
                  maxLength={4000}
                  resize="vertical"
                  onChange={(_, d) => {
                    setNote(d.value);
                    setErrors((e) => ({ ...e, '/body/note': '' }));
                  }}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={mutation.isPending}>
                {t('ui.request.dialog.close')}
              </Button>
              <Button appearance="primary" type="submit" disabled={mutation.isPending}>
                {t('ui.request.dialog.confirm')}
              </Button>
              {mutation.isPending && <Spinner size="tiny" />}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The action bar of a request, for whoever may act on it. */
export function RequestActions({ request }: { request: RequestDetailData }) {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const [open, setOpen] = useState<Decision | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const apply = useApplyDetail(request.id);
  const org = me?.organisation;
  const isCenter = org?.kind === 'center';
  const reviewer = isCenter && REVIEWER_ROLES.includes(org.role);
  const mayClaim = isCenter && (reviewer || org.role === 'engineer');
  const status = request.status;
  const isOpen =
    status === 'submitted' || status === 'on-hold' || status === 'on-hold-pending-requestor-response';
  const mine = !!me && request.claimedBy === me.user.id;
  const requesterSide =
    !isCenter && !!org && (request.customerId === org.id || request.filedByOrganisationId === org.id);

  const claim = useMutation({
    mutationFn: async (release: boolean) => {
      const params = { path: { id: request.id } };
      const { data, error } = release
        ? await api.POST('/api/requests/{id}/release', { params })
        : await api.POST('/api/requests/{id}/claim', { params });
      if (error) throw error;
      return data;
    },
    onSuccess: (detail) => {
      setProblem(null);
      apply(detail);
    },
    onError: (error) =>
      setProblem(
        error instanceof Error
          ? t('ui.request.actionFailed')
          : (problemDetail(error) ?? t('ui.request.actionFailed')),
      ),
  });

  const buttons: { decision: Decision; label: string; show: boolean; primary?: boolean }[] = [
    {
      decision: 'approve',
      label: t('ui.request.approve'),
      show: reviewer && (status === 'submitted' || status === 'on-hold'),
      primary: true,
    },
    {
      decision: 'on-hold',
      label: t('ui.request.hold'),
      show: reviewer && (status === 'submitted' || status === 'on-hold-pending-requestor-response'),
    },
    {
      decision: 'on-hold-pending-requestor-response',
      label: t('ui.request.ask'),
      show: reviewer && (status === 'submitted' || status === 'on-hold'),
    },
    {
      decision: 'submitted',
      label: t('ui.request.resume'),
      show: reviewer && (status === 'on-hold' || status === 'on-hold-pending-requestor-response'),
    },
    { decision: 'cancelled', label: t('ui.request.cancel'), show: reviewer && isOpen },
    {
      decision: 'reply',
      label: t('ui.request.reply'),
      show: requesterSide && status === 'on-hold-pending-requestor-response',
      primary: true,
    },
    { decision: 'withdraw', label: t('ui.request.withdraw'), show: requesterSide && isOpen },
  ];
  // corrections: reviewers while the request is open, the requester's side before review or when asked
  const mayEdit =
    (reviewer && isOpen) ||
    (requesterSide && (status === 'submitted' || status === 'on-hold-pending-requestor-response'));
  const showClaim = mayClaim && isOpen && !request.claimedBy;
  const showRelease =
    mayClaim && isOpen && !!request.claimedBy && (mine || org?.role === 'admin' || org?.role === 'lead');
  const visible = buttons.filter((b) => b.show);
  if (!showClaim && !showRelease && !mayEdit && visible.length === 0) return null;

  return (
    <>
      <div className={s.bar}>
        {showClaim && (
          <Button appearance="primary" disabled={claim.isPending} onClick={() => claim.mutate(false)}>
            {t('ui.request.claim')}
          </Button>
        )}
        {showRelease && (
          <Button disabled={claim.isPending} onClick={() => claim.mutate(true)}>
            {t('ui.request.release')}
          </Button>
        )}
        {visible.map((b) => (
          <Button
            key={b.decision}
            appearance={b.primary && !showClaim ? 'primary' : 'secondary'}
            onClick={() => setOpen(b.decision)}
          >
            {b.label}
          </Button>
        ))}
        {mayEdit && (
          <RouterButton appearance="secondary" to={`/requests/${request.id}/edit`}>
            {t('ui.request.edit')}
          </RouterButton>
        )}
        {claim.isPending && <Spinner size="tiny" />}
      </div>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {open && <DecisionDialog request={request} decision={open} onClose={() => setOpen(null)} />}
    </>
  );
}
