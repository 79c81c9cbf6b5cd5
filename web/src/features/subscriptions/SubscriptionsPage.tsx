/**
 * /customers/:id/subscriptions — a customer's licences, the ground of its FastTrack eligibility: each
 * subscription (plan, paid seats, kind, status, period, channel, education seats), how the seats
 * count, and — for the customer's admins and the center's admins and leads — add, change and import
 * from CSV (one bad line refuses the file; its problems are listed by line).
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Combobox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Link,
  makeStyles,
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
  Title1,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { ProblemBar } from '../engagements/ui';
import { invalid, useFieldErrors } from '../people/common';

type Subscription =
  paths['/api/customers/{id}/subscriptions']['get']['responses'][200]['content']['application/json'][number];
type Fields = Omit<Subscription, 'id' | 'customerId' | 'planName' | 'createdAt'>;
interface Plan {
  sku: string;
  name: string;
}

const KINDS = ['paid', 'trial', 'free'] as const;
const STATUSES = ['active', 'expired', 'suspended'] as const;
const EDUCATION = ['none', 'faculty', 'student'] as const;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  tableWrap: { overflowX: 'auto' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Items with a stable key: their own, numbered when it repeats (two equal subscriptions). */
function keyed<T>(items: readonly T[], keyOf: (x: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((x) => {
    const base = keyOf(x);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return [`${base}#${n}`, x];
  });
}

/** The programme's plans (SKU and name), for the plan picker. */
function usePlans() {
  return useQuery({
    queryKey: ['programme-document'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/programme/document');
      if (error) throw error;
      return data.programme as { plans?: Plan[] };
    },
    staleTime: 10 * 60_000,
    select: (d) => (d.plans ?? []).map((p) => ({ sku: p.sku, name: p.name })),
  });
}

export function SubscriptionsPage() {
  const s = useStyles();
  const t = useT();
  const format = useFormat();
  const { id = '' } = useParams();
  const { me, language } = useSession();
  const org = me?.organisation;
  const mayChange =
    (org?.kind === 'customer' && org.id === id && org.role === 'admin') ||
    (org?.kind === 'center' && (org.role === 'admin' || org.role === 'lead'));
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const [importing, setImporting] = useState(false);

  const customer = useQuery({
    queryKey: ['organisation', id],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/organisations/{id}', { params: { path: { id } } });
      if (error) throw error;
      return data;
    },
  });
  const list = useQuery({
    queryKey: ['subscriptions', id],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/customers/{id}/subscriptions', {
        params: { path: { id } },
      });
      if (error) throw error;
      return data;
    },
  });
  const eligibility = useQuery({
    queryKey: ['eligibility', id, 'all', language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/customers/{id}/eligibility', { params: { path: { id } } });
      if (error) throw error;
      return data;
    },
  });

  if (list.isLoading || customer.isLoading) return <Spinner label={t('ui.requests.loading')} />;
  if (list.error || !list.data)
    return <ProblemBar problem={list.error ?? customer.error} fallback={t('ui.requests.loadFailed')} />;

  const name = customer.data?.name ?? '';
  const period = (x: Subscription) =>
    x.endsOn
      ? t('ui.subscriptions.period', { start: format.date(x.startsOn), end: format.date(x.endsOn) })
      : t('ui.subscriptions.periodOpen', { start: format.date(x.startsOn) });
  const answer = eligibility.data;

  return (
    <div className={s.page}>
      <div className={s.header}>
        <Title1 as="h1" className={s.heading}>
          {t('ui.subscriptions.title', { customer: name })}
        </Title1>
        <Body1>{t('ui.subscriptions.intro')}</Body1>
      </div>

      {answer && (
        <Card className={s.card}>
          <Title3 as="h2" className={s.heading}>
            {t('ui.subscriptions.counting')}
          </Title3>
          <MessageBar intent={answer.eligible ? 'success' : 'warning'}>
            <MessageBarBody>
              {t(answer.eligible ? 'ui.wizard.eligibility.eligible' : 'ui.wizard.eligibility.notEligible', {
                seats: format.number(answer.paidEligibleSeats),
              })}
            </MessageBarBody>
          </MessageBar>
          {answer.seats.length > 0 && (
            <ul className={s.list} data-testid="seat-counting">
              {keyed(answer.seats, (x) => `${x.planSku}|${x.seats}|${x.reason}`).map(([key, x]) => (
                <li key={key}>
                  <Caption1 className={x.counted ? undefined : s.muted}>{x.message}</Caption1>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <Card className={s.card}>
        {mayChange && (
          <div className={s.actions}>
            <Button appearance="primary" onClick={() => setEditing('new')}>
              {t('ui.subscriptions.add')}
            </Button>
            <Button onClick={() => setImporting(true)}>{t('ui.subscriptions.import')}</Button>
          </div>
        )}
        {list.data.length === 0 ? (
          <Body1>{t('ui.subscriptions.empty')}</Body1>
        ) : (
          <div className={s.tableWrap}>
            <Table aria-label={t('ui.subscriptions.title', { customer: name })}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('ui.subscriptions.col.plan')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.seats')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.kind')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.period')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.channel')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.subscriptions.col.education')}</TableHeaderCell>
                  {mayChange && <TableHeaderCell>{t('ui.subscriptions.col.actions')}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.data.map((x) => (
                  <TableRow key={x.id} data-testid="subscription-row">
                    <TableCell>
                      {x.planName ?? x.planSku} <Caption1 className={s.muted}>({x.planSku})</Caption1>
                    </TableCell>
                    <TableCell>{format.number(x.paidSeats)}</TableCell>
                    <TableCell>{t(`ui.subscriptions.kind.${x.licenceKind}`)}</TableCell>
                    <TableCell>{t(`ui.subscriptions.status.${x.status}`)}</TableCell>
                    <TableCell>{period(x)}</TableCell>
                    <TableCell>
                      {x.purchaseChannel === 'direct'
                        ? t('ui.subscriptions.channel.direct')
                        : x.purchaseChannel}
                    </TableCell>
                    <TableCell>{t(`ui.subscriptions.education.${x.educationSeatKind ?? 'none'}`)}</TableCell>
                    {mayChange && (
                      <TableCell>
                        <Button
                          size="small"
                          onClick={() => setEditing(x)}
                          aria-label={t('ui.subscriptions.editLabel', { plan: x.planName ?? x.planSku })}
                        >
                          {t('ui.wizard.review.edit')}
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>
      {editing && (
        <SubscriptionDialog
          customerId={id}
          subscription={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <ImportDialog customerId={id} onClose={() => setImporting(false)} />}
    </div>
  );
}

/** After a change: the list and every eligibility answer of the customer are read again. */
function useRefresh(customerId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['subscriptions', customerId] });
    void queryClient.invalidateQueries({ queryKey: ['eligibility', customerId] });
  };
}

function SubscriptionDialog({
  customerId,
  subscription,
  onClose,
}: {
  customerId: string;
  subscription: Subscription | null;
  onClose: () => void;
}) {
  const s = useStyles();
  const t = useT();
  const plans = usePlans();
  const refresh = useRefresh(customerId);
  const [fields, setFields] = useState<Fields>(() =>
    subscription
      ? {
          planSku: subscription.planSku,
          paidSeats: subscription.paidSeats,
          status: subscription.status,
          licenceKind: subscription.licenceKind,
          startsOn: subscription.startsOn,
          endsOn: subscription.endsOn,
          purchaseChannel: subscription.purchaseChannel,
          educationSeatKind: subscription.educationSeatKind,
        }
      : {
          planSku: '',
          paidSeats: 0,
          status: 'active',
          licenceKind: 'paid',
          startsOn: new Date().toISOString().slice(0, 10),
          endsOn: null,
          purchaseChannel: 'direct',
          educationSeatKind: null,
        },
  );
  const [planText, setPlanText] = useState(() => subscription?.planName ?? subscription?.planSku ?? '');
  const [seatsText, setSeatsText] = useState(String(fields.paidSeats || ''));
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  const matching = useMemo(() => {
    const q = planText.trim().toLowerCase();
    const all = plans.data ?? [];
    return q ? all.filter((p) => `${p.name} ${p.sku}`.toLowerCase().includes(q)) : all;
  }, [plans.data, planText]);

  const save = useMutation({
    mutationFn: async () => {
      const body = { ...fields, paidSeats: Number(seatsText) };
      const { data, error } = subscription
        ? await api.PATCH('/api/subscriptions/{id}', { params: { path: { id: subscription.id } }, body })
        : await api.POST('/api/customers/{id}/subscriptions', { params: { path: { id: customerId } }, body });
      if (error) throw error;
      return data;
    },
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const errors = useFieldErrors(save.error);

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>
              {t(subscription ? 'ui.subscriptions.dialog.editTitle' : 'ui.subscriptions.dialog.addTitle')}
            </DialogTitle>
            <DialogContent className={s.form}>
              {!errors.any && <ProblemBar problem={save.error} fallback={t('ui.request.actionFailed')} />}
              <Field
                label={t('ui.subscriptions.field.plan')}
                required
                {...invalid(errors.at('/body/planSku'))}
              >
                <Combobox
                  freeform
                  placeholder={t('ui.subscriptions.field.planPlaceholder')}
                  value={planText}
                  selectedOptions={fields.planSku ? [fields.planSku] : []}
                  onChange={(e) => {
                    setPlanText(e.target.value);
                    set({ planSku: e.target.value.trim() });
                  }}
                  onOptionSelect={(_, d) => {
                    if (!d.optionValue) return;
                    set({ planSku: d.optionValue });
                    setPlanText(d.optionText ?? d.optionValue);
                  }}
                >
                  {matching.slice(0, 50).map((p) => (
                    <Option key={p.sku} value={p.sku} text={p.name}>
                      {`${p.name} (${p.sku})`}
                    </Option>
                  ))}
                </Combobox>
              </Field>
              <div className={s.pair}>
                <Field
                  label={t('ui.subscriptions.field.seats')}
                  required
                  {...invalid(errors.at('/body/paidSeats'))}
                >
                  <Input
                    type="number"
                    min={0}
                    inputMode="numeric"
                    value={seatsText}
                    onChange={(_, d) => setSeatsText(d.value)}
                  />
                </Field>
                <Field label={t('ui.subscriptions.field.kind')} {...invalid(errors.at('/body/licenceKind'))}>
                  <Dropdown
                    value={t(`ui.subscriptions.kind.${fields.licenceKind}`)}
                    selectedOptions={[fields.licenceKind]}
                    onOptionSelect={(_, d) => set({ licenceKind: d.optionValue as Fields['licenceKind'] })}
                  >
                    {KINDS.map((k) => (
                      <Option key={k} value={k}>
                        {t(`ui.subscriptions.kind.${k}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label={t('ui.subscriptions.field.status')} {...invalid(errors.at('/body/status'))}>
                  <Dropdown
                    value={t(`ui.subscriptions.status.${fields.status}`)}
                    selectedOptions={[fields.status]}
                    onOptionSelect={(_, d) => set({ status: d.optionValue as Fields['status'] })}
                  >
                    {STATUSES.map((k) => (
                      <Option key={k} value={k}>
                        {t(`ui.subscriptions.status.${k}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
              <div className={s.pair}>
                <Field
                  label={t('ui.subscriptions.field.startsOn')}
                  required
                  {...invalid(errors.at('/body/startsOn'))}
                >
                  <Input
                    type="date"
                    value={fields.startsOn}
                    onChange={(_, d) => set({ startsOn: d.value })}
                  />
                </Field>
                <Field label={t('ui.subscriptions.field.endsOn')} {...invalid(errors.at('/body/endsOn'))}>
                  <Input
                    type="date"
                    value={fields.endsOn ?? ''}
                    onChange={(_, d) => set({ endsOn: d.value || null })}
                  />
                </Field>
              </div>
              <div className={s.pair}>
                <Field
                  label={t('ui.subscriptions.field.channel')}
                  hint={t('ui.subscriptions.field.channelHint')}
                  {...invalid(errors.at('/body/purchaseChannel'))}
                >
                  <Input
                    value={fields.purchaseChannel}
                    onChange={(_, d) => set({ purchaseChannel: d.value })}
                  />
                </Field>
                <Field
                  label={t('ui.subscriptions.field.education')}
                  {...invalid(errors.at('/body/educationSeatKind'))}
                >
                  <Dropdown
                    value={t(`ui.subscriptions.education.${fields.educationSeatKind ?? 'none'}`)}
                    selectedOptions={[fields.educationSeatKind ?? 'none']}
                    onOptionSelect={(_, d) =>
                      set({
                        educationSeatKind:
                          d.optionValue === 'none' ? null : (d.optionValue as Fields['educationSeatKind']),
                      })
                    }
                  >
                    {EDUCATION.map((k) => (
                      <Option key={k} value={k}>
                        {t(`ui.subscriptions.education.${k}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose} disabled={save.isPending}>
                {t('ui.subscriptions.cancel')}
              </Button>
              <Button appearance="primary" type="submit" disabled={save.isPending}>
                {t('ui.subscriptions.save')}
              </Button>
              {save.isPending && <Spinner size="tiny" />}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** A refused import's problems, one line each: "Line 3, paidSeats: …" or "Column planSku: …". */
function importProblems(problem: unknown, t: ReturnType<typeof useT>): string[] {
  const list = (problem as { errors?: { path: string; message: string }[] } | null)?.errors ?? [];
  return list.map((e) => {
    const line = /^\/body\/rows\/(\d+)\/(.+)$/.exec(e.path);
    if (line)
      return t('ui.subscriptions.lineProblem', { line: line[1]!, column: line[2]!, message: e.message });
    const column = /^\/body\/columns\/(.+)$/.exec(e.path);
    if (column) return t('ui.subscriptions.columnProblem', { column: column[1]!, message: e.message });
    return e.message;
  });
}

/** A file the import takes as it is: the header and two lines (a direct plan, a reseller's trial). */
const EXAMPLE_CSV = [
  'planSku,paidSeats,status,licenceKind,startsOn,endsOn,purchaseChannel,educationSeatKind',
  'M365_E3,500,active,paid,2025-07-01,,direct,',
  'M365_E3_TRIAL,25,active,trial,2026-01-15,2026-02-14,Contoso Reseller,',
].join('\n');
const EXAMPLE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(`${EXAMPLE_CSV}\n`)}`;

function ImportDialog({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const s = useStyles();
  const t = useT();
  const refresh = useRefresh(customerId);
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: async (f: File) => {
      const csv = await f.text();
      const { data, error } = await api.POST('/api/customers/{id}/subscriptions/import', {
        params: { path: { id: customerId } },
        body: csv,
        bodySerializer: (b: string) => b,
        headers: { 'content-type': 'text/csv' },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: refresh,
  });
  const problems = run.error ? importProblems(run.error, t) : [];

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('ui.subscriptions.importTitle')}</DialogTitle>
          <DialogContent className={s.form}>
            <Body1>{t('ui.subscriptions.importIntro')}</Body1>
            <Link href={EXAMPLE_HREF} download="subscriptions-example.csv">
              {t('ui.subscriptions.example')}
            </Link>
            <Field label={t('ui.subscriptions.importFile')}>
              {(props) => (
                <input
                  {...props}
                  type="file"
                  accept=".csv,text/csv"
                  data-testid="csv-file"
                  disabled={run.isPending}
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    run.reset();
                  }}
                />
              )}
            </Field>
            {run.data && (
              <MessageBar intent="success">
                <MessageBarBody>
                  {t('ui.subscriptions.imported', { count: run.data.imported })}
                </MessageBarBody>
              </MessageBar>
            )}
            {problems.length > 0 && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>
                  {t('ui.subscriptions.importProblems')}
                  <ul className={s.list} data-testid="import-problems">
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </MessageBarBody>
              </MessageBar>
            )}
            {run.error && problems.length === 0 && (
              <ProblemBar problem={run.error} fallback={t('ui.request.actionFailed')} />
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={run.isPending}>
              {t('ui.request.dialog.close')}
            </Button>
            <Button
              appearance="primary"
              disabled={!file || run.isPending || !!run.data}
              onClick={() => file && run.mutate(file)}
            >
              {t('ui.subscriptions.importRun')}
            </Button>
            {run.isPending && <Spinner size="tiny" />}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
