/** The eligibility answer as served by the API: every rule with its numbers and a sentence in the reader's language. */
import Type from 'typebox';

const Values = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

export const RuleViewSchema = Type.Object({
  ruleId: Type.String(),
  kind: Type.String(),
  outcome: Type.Enum(['pass', 'fail', 'info']),
  message: Type.String(),
  key: Type.String(),
  values: Values,
  inputs: Type.Record(Type.String(), Type.Unknown()),
  source: Type.String(),
});

export const AlternativeViewSchema = Type.Object({
  kind: Type.String(),
  message: Type.String(),
  key: Type.String(),
  values: Values,
});

export const EligibilityAnswerSchema = Type.Object({
  customerId: Type.String(),
  asOf: Type.String(),
  eligible: Type.Boolean(),
  paidEligibleSeats: Type.Integer(),
  seats: Type.Array(
    Type.Object({
      planSku: Type.String(),
      seats: Type.Integer(),
      counted: Type.Boolean(),
      reason: Type.String(),
      message: Type.String(),
    }),
  ),
  rules: Type.Array(RuleViewSchema),
  workloads: Type.Array(
    Type.Object({
      workload: Type.String(),
      name: Type.String(),
      eligible: Type.Boolean(),
      migration: Type.Enum(['service', 'guidance', 'none']),
      rules: Type.Array(RuleViewSchema),
      alternatives: Type.Array(AlternativeViewSchema),
    }),
  ),
});
