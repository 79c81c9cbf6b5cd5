/**
 * TypeBox schemas for a FastTrack "programme": the configurable catalogue (regions, workloads, plans,
 * eligibility rules, phases, motions, task templates, meetings, notes bank) that the center runs on.
 *
 * The default Microsoft 365 programme lives as JSON under `programme/microsoft-365/`; see
 * `load-programme.ts` for the loader and the cross-reference checks that JSON Schema cannot express.
 * Every object refuses unknown properties so that typos in the data are reported instead of ignored.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';

// ---------------------------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------------------------

/** The 12 FastTrack assistance languages (domain doc §7.3), as BCP 47 codes. */
export const LANGUAGE_CODES = LANGUAGES;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

const closed = { additionalProperties: false } as const;

/** Lowercase kebab-case identifier, e.g. `exchange-online`. */
export const IdSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
/** Licence SKU code, e.g. `M365_E3`. */
export const SkuSchema = Type.String({ pattern: '^[A-Z0-9]+(_[A-Z0-9]+)*$' });
/** FTOP playbook task id. */
export const TaskIdSchema = Type.Integer({ minimum: 1 });
/** Provenance of a fact, as `owner/repo:path` (see the domain doc §0). */
export const SourceSchema = Type.String({ pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:\\S+$' });
/** Calendar date `YYYY-MM-DD` (the loader also checks that the date exists). */
export const IsoDateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** Wall-clock time `HH:MM`, 24-hour. */
export const TimeOfDaySchema = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
/** i18n message key, e.g. `eligibility.rule.minimumPaidSeats`. */
export const MessageKeySchema = Type.String({ pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$' });
const Text = Type.String({ minLength: 1 });

/** Marker placed on the LocalizedText schema so the loader can report missing translations precisely. */
export const LOCALIZED_TEXT_TITLE = 'LocalizedText';

/** A text in all 12 assistance languages. */
export const LocalizedTextSchema = Type.Object(
  {
    en: Text,
    fr: Text,
    de: Text,
    it: Text,
    ja: Text,
    ko: Text,
    'pt-BR': Text,
    es: Text,
    th: Text,
    vi: Text,
    'zh-Hans': Text,
    'zh-Hant': Text,
  },
  { ...closed, title: LOCALIZED_TEXT_TITLE },
);
export type LocalizedText = Static<typeof LocalizedTextSchema>;

function literalEnum<const T extends readonly string[]>(values: T) {
  return Type.Enum([...values] as T[number][]);
}

export const FAMILIES = ['microsoft-365', 'office-365', 'ems', 'windows', 'viva'] as const;
export const FamilySchema = literalEnum(FAMILIES);
export type Family = Static<typeof FamilySchema>;

export const SEGMENTS = ['commercial', 'government', 'education', 'nonprofit'] as const;
export const SegmentSchema = literalEnum(SEGMENTS);
export type Segment = Static<typeof SegmentSchema>;

export const LICENCE_KINDS = ['paid', 'trial', 'free'] as const;
export const LicenceKindSchema = literalEnum(LICENCE_KINDS);
export type LicenceKind = Static<typeof LicenceKindSchema>;

export const EDUCATION_SEAT_KINDS = ['faculty', 'student'] as const;
export const EducationSeatKindSchema = literalEnum(EDUCATION_SEAT_KINDS);
export type EducationSeatKind = Static<typeof EducationSeatKindSchema>;

/** Roles that own playbook tasks. */
export const TASK_ROLES = [
  'fasttrack-manager',
  'fasttrack-engineer',
  'migration-manager',
  'rfa-manager',
  'targeting-manager',
  'fasttrack-architect',
  'sme',
  'customer',
  'partner',
] as const;
export const TaskRoleSchema = literalEnum(TASK_ROLES);
export type TaskRole = Static<typeof TaskRoleSchema>;

/** Roles that can attend meetings or author notes: task roles plus the Microsoft account team. */
export const PARTICIPANT_ROLES = [...TASK_ROLES, 'account-team'] as const;
export const ParticipantRoleSchema = literalEnum(PARTICIPANT_ROLES);
export type ParticipantRole = Static<typeof ParticipantRoleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// programme.json: identity, languages, regions, thresholds
// ---------------------------------------------------------------------------------------------------------------

export const TimeIntervalSchema = Type.Object({ start: TimeOfDaySchema, end: TimeOfDaySchema }, closed);
export type TimeInterval = Static<typeof TimeIntervalSchema>;

const DayHours = Type.Array(TimeIntervalSchema);
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const BusinessHoursSchema = Type.Object(
  { mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours },
  closed,
);
export type BusinessHours = Static<typeof BusinessHoursSchema>;

export const HolidaySchema = Type.Object(
  {
    date: IsoDateSchema,
    name: Text,
    /** True when the date is an estimate (e.g. lunar or Islamic calendar holidays not yet gazetted). */
    provisional: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type Holiday = Static<typeof HolidaySchema>;

export const RegionSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    /** IANA time zone used for business hours and holidays. */
    timeZone: Text,
    /** ISO 3166-1 alpha-2 countries this region serves (a country belongs to one region). */
    countries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1 }),
    businessHours: BusinessHoursSchema,
    holidays: Type.Array(HolidaySchema),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type Region = Static<typeof RegionSchema>;

const Count = Type.Integer({ minimum: 0 });
const Percent = Type.Number({ minimum: 0, maximum: 100 });

/** Numeric thresholds used across the programme (eligibility ones must agree with eligibility.json). */
export const ThresholdsSchema = Type.Object(
  {
    minimumPaidSeats: Count,
    usGovernmentMinimumSeats: Count,
    conciergeMinimumSeats: Count,
    migrationGuidanceSeats: Count,
    migrationServiceSeats: Count,
    enterpriseAdditionalBenefitSeats: Count,
    enablementCompleteActiveUsers: Count,
    enablementCompletePercent: Percent,
    enablementSmallTenantSeats: Count,
    adoptionMinPercent: Percent,
    operateMinPercent: Percent,
    frpReferralMaxIntuneSeats: Count,
    frpReferralMaxEntraIdOnlySeats: Count,
    defenderCxpRoutingSeats: Count,
    frpReferralTargetPercent: Percent,
    firstContactBusinessDays: Count,
    ftaAssignmentBusinessDays: Count,
    outreachRetryBusinessDays: Count,
    partnerContactBusinessDays: Count,
    postMigrationIssueDays: Count,
    migrationIdlePauseDays: Count,
    migrationDecommissionDays: Count,
    assignToDeliveryMaxDays: Count,
    engagementPauseMaxDays: Count,
    /** business days the center takes to answer a new request first (absent: 1, the next business day) */
    requestResponseBusinessDays: Type.Optional(Count),
  },
  closed,
);
export type Thresholds = Static<typeof ThresholdsSchema>;

export const ProgrammeFileSchema = Type.Object(
  {
    key: IdSchema,
    name: Text,
    languages: Type.Array(literalEnum(LANGUAGE_CODES), { minItems: 1, uniqueItems: true }),
    regions: Type.Array(RegionSchema, { minItems: 1 }),
    thresholds: Type.Optional(ThresholdsSchema),
  },
  closed,
);
export type ProgrammeFile = Static<typeof ProgrammeFileSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Workloads, migration sources, plans
// ---------------------------------------------------------------------------------------------------------------

export const WorkloadSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    family: FamilySchema,
    /** `core` = core onboarding (tenant + identity baseline); `service` = a service workload. */
    kind: literalEnum(['core', 'service'] as const),
    /** Migration sources whose data can land in this workload. */
    migrationSources: Type.Optional(Type.Array(IdSchema, { uniqueItems: true })),
    /** Other labels for the workload (FTOP service names, former product names); unique across workloads. */
    aliases: Type.Optional(Type.Array(Text, { uniqueItems: true })),
    /** The product or FTOP service no longer exists; kept for history and old task templates. */
    retired: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type Workload = Static<typeof WorkloadSchema>;

export const MigrationSourceSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    kind: literalEnum(['email', 'files'] as const),
    destinations: Type.Array(IdSchema, { minItems: 1, uniqueItems: true }),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type MigrationSource = Static<typeof MigrationSourceSchema>;

export const PlanSchema = Type.Object(
  {
    sku: SkuSchema,
    /** English product name (product names are not translated). */
    name: Text,
    family: FamilySchema,
    workloads: Type.Array(IdSchema, { uniqueItems: true }),
    licenceKind: LicenceKindSchema,
    segment: SegmentSchema,
    /** Whether seats of this plan count towards FastTrack eligibility. */
    eligible: Type.Boolean(),
    /** Education plans only: faculty/staff or student seats (migration is for faculty/staff only). */
    educationSeatKind: Type.Optional(EducationSeatKindSchema),
    /** Sovereign or special cloud the plan is sold in. */
    cloud: Type.Optional(literalEnum(['gcc', 'gcc-high', 'dod', '21vianet'] as const)),
    /** Former or alternative SKU codes (e.g. SPE_E3 for M365_E3); unique across plans. */
    aliases: Type.Optional(Type.Array(SkuSchema, { uniqueItems: true })),
    source: SourceSchema,
  },
  closed,
);
export type Plan = Static<typeof PlanSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Eligibility rules (data for a pure evaluation engine)
// ---------------------------------------------------------------------------------------------------------------

const ruleCommon = {
  id: IdSchema,
  /** English summary for administrators. */
  description: Type.Optional(Text),
  /** First day the rule applies (inclusive). */
  effectiveFrom: Type.Optional(IsoDateSchema),
  /** Last day the rule applies (inclusive). */
  effectiveTo: Type.Optional(IsoDateSchema),
  source: SourceSchema,
  /** Message key explaining the rule's outcome to users. */
  explanation: MessageKeySchema,
};

/** Default floor: at least `minSeats` seats of eligible plans, counting only the given licence kinds. */
export const MinimumPaidSeatsRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('minimum-paid-seats'),
    minSeats: Count,
    countedLicenceKinds: Type.Array(LicenceKindSchema, { minItems: 1, uniqueItems: true }),
    families: Type.Array(FamilySchema, { minItems: 1, uniqueItems: true }),
    eligiblePlansOnly: Type.Boolean(),
    requireCurrentSubscription: Type.Boolean(),
  },
  closed,
);

/**
 * Replaces the default floor for one customer segment. `countMode: per-plan` means one single plan must reach
 * `minSeats` (e.g. education: 150 of any one A3/A5 plan); `allowDefaultMinimum` lets the default rule qualify too.
 */
export const SegmentMinimumRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('segment-minimum'),
    segment: SegmentSchema,
    minSeats: Count,
    countedLicenceKinds: Type.Array(LicenceKindSchema, { minItems: 1, uniqueItems: true }),
    countMode: literalEnum(['sum', 'per-plan'] as const),
    qualifyingPlanSkus: Type.Optional(Type.Array(SkuSchema, { minItems: 1, uniqueItems: true })),
    allowDefaultMinimum: Type.Boolean(),
    belowMinimumOutcome: literalEnum(['route', 'cancel'] as const),
  },
  closed,
);

/** Seats of these plans never count and never qualify. */
export const PlanNeverEligibleRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('plan-never-eligible'),
    planSkus: Type.Array(SkuSchema, { minItems: 1, uniqueItems: true }),
    reason: IdSchema,
  },
  closed,
);

/** FastTrack performs the data migration from `minSeats`; legacy customers keep `legacyMinSeats`. */
export const MigrationServiceThresholdRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('migration-service-threshold'),
    minSeats: Count,
    legacyMinSeats: Count,
    legacyPurchasedBefore: IsoDateSchema,
    legacyScope: literalEnum(['current-subscription-term'] as const),
    lapsedPurchaseCountsAsNew: Type.Boolean(),
    workloads: Type.Array(IdSchema, { minItems: 1, uniqueItems: true }),
  },
  closed,
);

/** From `minSeats` up to the migration-service threshold: migration guidance only. */
export const MigrationGuidanceThresholdRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('migration-guidance-threshold'),
    minSeats: Count,
    workloads: Type.Array(IdSchema, { minItems: 1, uniqueItems: true }),
  },
  closed,
);

/** In a segment, only seats of the given education seat kinds count for migration. */
export const MigrationSeatRestrictionRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('migration-seat-restriction'),
    segment: SegmentSchema,
    countedEducationSeatKinds: Type.Array(EducationSeatKindSchema, { minItems: 1, uniqueItems: true }),
  },
  closed,
);

/** Assistance for `workload` needs seats of one of `planSkus` (optionally at least `minSeats`). */
export const WorkloadPlanRestrictionRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('workload-plan-restriction'),
    workload: IdSchema,
    planSkus: Type.Array(SkuSchema, { minItems: 1, uniqueItems: true }),
    minSeats: Type.Optional(Count),
    migrationAllowed: Type.Boolean(),
    /** What an ineligible customer can use instead (an id for a form or process). */
    fallback: Type.Optional(IdSchema),
  },
  closed,
);

/** A migration scenario that is never supported. */
export const UnsupportedMigrationScenarioRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('unsupported-migration-scenario'),
    scenario: IdSchema,
  },
  closed,
);

/** Where a request below the eligibility floor goes; evaluated in ascending `priority`, first match wins. */
export const BelowMinimumRouteRuleSchema = Type.Object(
  {
    ...ruleCommon,
    kind: Type.Literal('below-minimum-route'),
    priority: Count,
    minSeats: Count,
    maxSeats: Count,
    route: literalEnum(['concierge', 'admin-portal', 'reseller', 'cancel'] as const),
    families: Type.Optional(Type.Array(FamilySchema, { minItems: 1, uniqueItems: true })),
    segments: Type.Optional(Type.Array(SegmentSchema, { minItems: 1, uniqueItems: true })),
    purchaseChannel: Type.Optional(literalEnum(['direct', 'reseller'] as const)),
  },
  closed,
);

/** Eligibility rule schemas by `kind` (the loader validates each rule against its own kind for clear errors). */
export const ELIGIBILITY_RULE_SCHEMAS = {
  'minimum-paid-seats': MinimumPaidSeatsRuleSchema,
  'segment-minimum': SegmentMinimumRuleSchema,
  'plan-never-eligible': PlanNeverEligibleRuleSchema,
  'migration-service-threshold': MigrationServiceThresholdRuleSchema,
  'migration-guidance-threshold': MigrationGuidanceThresholdRuleSchema,
  'migration-seat-restriction': MigrationSeatRestrictionRuleSchema,
  'workload-plan-restriction': WorkloadPlanRestrictionRuleSchema,
  'unsupported-migration-scenario': UnsupportedMigrationScenarioRuleSchema,
  'below-minimum-route': BelowMinimumRouteRuleSchema,
} as const satisfies Record<string, TSchema>;
export type EligibilityRuleKind = keyof typeof ELIGIBILITY_RULE_SCHEMAS;

export const EligibilityRuleSchema = Type.Union([
  MinimumPaidSeatsRuleSchema,
  SegmentMinimumRuleSchema,
  PlanNeverEligibleRuleSchema,
  MigrationServiceThresholdRuleSchema,
  MigrationGuidanceThresholdRuleSchema,
  MigrationSeatRestrictionRuleSchema,
  WorkloadPlanRestrictionRuleSchema,
  UnsupportedMigrationScenarioRuleSchema,
  BelowMinimumRouteRuleSchema,
]);
export type EligibilityRule = Static<typeof EligibilityRuleSchema>;
export type MinimumPaidSeatsRule = Static<typeof MinimumPaidSeatsRuleSchema>;
export type SegmentMinimumRule = Static<typeof SegmentMinimumRuleSchema>;
export type PlanNeverEligibleRule = Static<typeof PlanNeverEligibleRuleSchema>;
export type MigrationServiceThresholdRule = Static<typeof MigrationServiceThresholdRuleSchema>;
export type MigrationGuidanceThresholdRule = Static<typeof MigrationGuidanceThresholdRuleSchema>;
export type MigrationSeatRestrictionRule = Static<typeof MigrationSeatRestrictionRuleSchema>;
export type WorkloadPlanRestrictionRule = Static<typeof WorkloadPlanRestrictionRuleSchema>;
export type UnsupportedMigrationScenarioRule = Static<typeof UnsupportedMigrationScenarioRuleSchema>;
export type BelowMinimumRouteRule = Static<typeof BelowMinimumRouteRuleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Phases, motions, tasks, meetings
// ---------------------------------------------------------------------------------------------------------------

export const PhaseSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    /** Position in the full lifecycle; unique. */
    order: Type.Integer({ minimum: 1 }),
    /** Exit tasks: the phase is complete when these tasks are complete. Each must be a gate task of this phase. */
    gateTaskIds: Type.Array(TaskIdSchema, { uniqueItems: true }),
    /** A delivery phase (FastTrack works with the customer on onboarding). */
    delivery: Type.Boolean(),
    /** The phase may be skipped (e.g. Migrate when no data migration is in scope). */
    optional: Type.Optional(Type.Boolean()),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type Phase = Static<typeof PhaseSchema>;

export const MotionSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    /** Phases the motion passes through, in lifecycle order. */
    phases: Type.Array(IdSchema, { minItems: 1, uniqueItems: true }),
    /** Motions that cannot be carried at the same time (must be symmetric). */
    excludes: Type.Array(IdSchema, { uniqueItems: true }),
    /** `tenant`: applies to every service of the tenant; `service`: set per workload. */
    scope: literalEnum(['tenant', 'service'] as const),
    /** Retired engagement model (FY19) kept as a configurable motion type. */
    retired: Type.Optional(Type.Boolean()),
    source: SourceSchema,
  },
  closed,
);
export type Motion = Static<typeof MotionSchema>;

export const WORKSTREAMS = [
  'core-onboarding',
  'service-onboarding',
  'data-migration',
  'user-adoption',
  'engagement-management',
] as const;
export const WorkstreamSchema = literalEnum(WORKSTREAMS);
export type Workstream = Static<typeof WorkstreamSchema>;

/** Task workloads: workload ids, or the single value `all`. */
export const ALL_WORKLOADS = 'all';

export const TaskTemplateSchema = Type.Object(
  {
    id: TaskIdSchema,
    /** English task name as in the FTOP playbook. */
    name: Text,
    /** The name in the other languages (from `task-names/<language>.json`). */
    names: Type.Optional(Type.Partial(LocalizedTextSchema)),
    mandatory: Type.Boolean(),
    role: TaskRoleSchema,
    workloads: Type.Array(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }), {
      minItems: 1,
      uniqueItems: true,
    }),
    phase: IdSchema,
    workstream: WorkstreamSchema,
    /** Milestone/exit task (domain doc §5.11). */
    gate: Type.Boolean(),
    /** `customer`: performed by the customer in its own environment with FastTrack guidance. */
    owner: literalEnum(['center', 'customer'] as const),
    /** Only shown when one of these migration sources is in scope. */
    migrationSources: Type.Optional(Type.Array(IdSchema, { minItems: 1, uniqueItems: true })),
    /** Only used by these motions (the task's phase must belong to each). */
    motions: Type.Optional(Type.Array(IdSchema, { minItems: 1, uniqueItems: true })),
    /** Opens a guided wizard in the source tool. */
    wizard: Type.Optional(Type.Boolean()),
    /** Comes from the retired FY19 playbook archive. */
    archived: Type.Optional(Type.Boolean()),
    source: SourceSchema,
  },
  closed,
);
export type TaskTemplate = Static<typeof TaskTemplateSchema>;

export const MeetingTemplateSchema = Type.Object(
  {
    id: IdSchema,
    name: LocalizedTextSchema,
    durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    /** Recurrence in days; absent for one-off meetings. */
    cadenceDays: Type.Optional(Type.Integer({ minimum: 1 })),
    phase: Type.Optional(IdSchema),
    /** Motions that use the meeting; absent = all motions. */
    motions: Type.Optional(Type.Array(IdSchema, { minItems: 1, uniqueItems: true })),
    attendeeRoles: Type.Array(ParticipantRoleSchema, { minItems: 1, uniqueItems: true }),
    /** Playbook tasks completed by holding the meeting. */
    taskIds: Type.Optional(Type.Array(TaskIdSchema, { minItems: 1, uniqueItems: true })),
    optional: Type.Optional(Type.Boolean()),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type MeetingTemplate = Static<typeof MeetingTemplateSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Notes: note types, entitlement status (L1/L2) taxonomy, RFA request-reason bank
// ---------------------------------------------------------------------------------------------------------------

export const NOTE_TYPE_IDS = [
  'engagement-management',
  'service-intent',
  'technical-enablement',
  'environment',
  'migration',
  'enterprise-status',
] as const;

export const NoteTypeSchema = Type.Object(
  {
    id: literalEnum(NOTE_TYPE_IDS),
    name: LocalizedTextSchema,
    formerNames: Type.Optional(Type.Array(Text, { uniqueItems: true })),
    authorRoles: Type.Array(ParticipantRoleSchema, { minItems: 1, uniqueItems: true }),
    /** Written per workload rather than per tenant. */
    perWorkload: Type.Boolean(),
    /** Section headings of the note template (English). */
    template: Type.Array(Text, { minItems: 1 }),
    /** Expected maximum days between notes. */
    cadenceDays: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Cadence by enterprise health colour (Enterprise Status notes). */
    cadenceDaysByHealth: Type.Optional(
      Type.Object(
        {
          red: Type.Integer({ minimum: 1 }),
          yellow: Type.Integer({ minimum: 1 }),
          green: Type.Integer({ minimum: 1 }),
          blue: Type.Integer({ minimum: 1 }),
        },
        closed,
      ),
    ),
    /** Events that call for a new note, e.g. `l1-status-change`. */
    triggers: Type.Optional(Type.Array(IdSchema, { minItems: 1, uniqueItems: true })),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type NoteType = Static<typeof NoteTypeSchema>;

export const ENTITLEMENT_L1 = [
  'in-progress',
  'blocked',
  'no-intent',
  'status-unknown',
  'duplicate-invalid',
] as const;
export const EntitlementL1Schema = literalEnum(ENTITLEMENT_L1);
export type EntitlementL1 = Static<typeof EntitlementL1Schema>;

export const EntitlementStatusSchema = Type.Object(
  {
    l1: EntitlementL1Schema,
    name: LocalizedTextSchema,
    /** English definition. */
    meaning: Type.Optional(Text),
    /** Entitlements in this bucket need a target date. */
    requiresTargetDate: Type.Boolean(),
    l2: Type.Array(Type.Object({ id: IdSchema, name: Text }, closed)),
    /** Sentence patterns for a good service-intent note (English, `[slot]` placeholders). */
    noteTemplates: Type.Optional(Type.Array(Text)),
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type EntitlementStatus = Static<typeof EntitlementStatusSchema>;

/**
 * The cases of an approval a reviewer's dialog proposes a reason for, most specific first: a product
 * approved by exception; Skype for Business asked for and not approved; a partner chosen to deliver;
 * data migration as a service; migration guidance only; otherwise the standard approval.
 */
export const APPROVAL_CASES = [
  'exception',
  'except-skype-for-business',
  'partner-assigned',
  'migration-service',
  'migration-guidance',
  'standard',
] as const;

/** Who writes a saved reply: the center, or the requester's side (customer or partner). */
export const MESSAGE_SIDES = ['center', 'requester'] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];

export const RequestReasonSchema = Type.Object(
  {
    id: IdSchema,
    /** Standard status note shown to customers and partners in the request history, in all 12 languages. */
    text: LocalizedTextSchema,
    /** Eligibility rule that produces this outcome, if any. */
    eligibilityRuleId: Type.Optional(IdSchema),
    /** Playbook task started with this status, if any. */
    taskId: Type.Optional(TaskIdSchema),
    /** Approval reasons: the case of the decision this reason is proposed for (see APPROVAL_CASES). */
    suggestedFor: Type.Optional(Type.Union(APPROVAL_CASES.map((c) => Type.Literal(c)))),
    /** Saved replies (the `message` bank): the side that writes them — the center, or the requester's side. */
    from: Type.Optional(Type.Union(MESSAGE_SIDES.map((c) => Type.Literal(c)))),
  },
  closed,
);
export type RequestReason = Static<typeof RequestReasonSchema>;

export const REQUEST_TRANSITIONS = ['approve', 'hold', 'pending-requestor-response', 'cancel'] as const;
export type RequestTransition = (typeof REQUEST_TRANSITIONS)[number];

export const RequestReasonsSchema = Type.Object(
  {
    approve: Type.Array(RequestReasonSchema, { minItems: 1 }),
    hold: Type.Array(RequestReasonSchema, { minItems: 1 }),
    'pending-requestor-response': Type.Array(RequestReasonSchema, { minItems: 1 }),
    cancel: Type.Array(RequestReasonSchema, { minItems: 1 }),
    /**
     * Saved replies for messages on an open request (domain §3.9's requester status inquiry and its
     * standard answers): each reader reads them in their own language. Optional: a programme without
     * them offers free text only.
     */
    message: Type.Optional(Type.Array(RequestReasonSchema)),
  },
  closed,
);
export type RequestReasons = Static<typeof RequestReasonsSchema>;

export const NotesSchema = Type.Object(
  {
    types: Type.Array(NoteTypeSchema, { minItems: 1 }),
    entitlementStatus: Type.Array(EntitlementStatusSchema, { minItems: 1 }),
    requestReasons: RequestReasonsSchema,
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type Notes = Static<typeof NotesSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The combined programme
// ---------------------------------------------------------------------------------------------------------------

/** Who delivers an approved workload (domain §3.7, §4.4). */
export const SCENARIOS = ['partner-led', 'partner-referral', 'center-led', 'customer-led'] as const;

/**
 * One engagement-scenario rule. Rules are tried in order; the first whose every condition holds
 * decides. The last rule must have no conditions (the default).
 */
export const ScenarioRuleSchema = Type.Object(
  {
    id: IdSchema,
    scenario: literalEnum(SCENARIOS),
    /** for partner-led: the partner that filed the request, or the customer's approved partner */
    partner: Type.Optional(literalEnum(['filer', 'approved'] as const)),
    when: Type.Object(
      {
        filedBy: Type.Optional(literalEnum(['customer', 'partner', 'center'] as const)),
        hasApprovedPartner: Type.Optional(Type.Boolean()),
        partnersAvailable: Type.Optional(Type.Boolean()),
        /** the workload being decided is one of these */
        workloads: Type.Optional(Type.Array(IdSchema, { minItems: 1 })),
        /** every requested workload is one of these */
        onlyRequestedWorkloads: Type.Optional(Type.Array(IdSchema, { minItems: 1 })),
        /** entitlement seats at or above the named threshold */
        minSeatsThreshold: Type.Optional(Text),
      },
      closed,
    ),
    /** message key explaining the decision; values: seats, limit, partners, percent */
    reason: MessageKeySchema,
    source: Type.Optional(SourceSchema),
  },
  closed,
);
export type ScenarioRule = Static<typeof ScenarioRuleSchema>;

export const ProgrammeSchema = Type.Object(
  {
    key: IdSchema,
    name: Text,
    languages: Type.Array(literalEnum(LANGUAGE_CODES), { minItems: 1, uniqueItems: true }),
    regions: Type.Array(RegionSchema, { minItems: 1 }),
    thresholds: Type.Optional(ThresholdsSchema),
    workloads: Type.Array(WorkloadSchema, { minItems: 1 }),
    migrationSources: Type.Array(MigrationSourceSchema),
    plans: Type.Array(PlanSchema, { minItems: 1 }),
    eligibilityRules: Type.Array(EligibilityRuleSchema),
    phases: Type.Array(PhaseSchema, { minItems: 1 }),
    motions: Type.Array(MotionSchema, { minItems: 1 }),
    tasks: Type.Array(TaskTemplateSchema),
    meetings: Type.Array(MeetingTemplateSchema),
    notes: NotesSchema,
    scenarioRules: Type.Array(ScenarioRuleSchema, { minItems: 1 }),
  },
  closed,
);
export type Programme = Static<typeof ProgrammeSchema>;
