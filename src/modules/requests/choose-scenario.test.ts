import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../programme/load-programme.ts';
import { chooseScenario, type ScenarioContext } from './choose-scenario.ts';

const programme = loadDefaultProgramme();
const base: ScenarioContext = {
  workload: 'teams',
  entitlementSeats: 800,
  filedBy: 'customer',
  filedByPartnerId: null,
  approvedPartnerIds: [],
  partnersAvailable: 3,
  requestedWorkloads: ['teams'],
};

describe('engagement scenario rules', () => {
  it('a partner that filed delivers', () => {
    const c = chooseScenario(programme, { ...base, filedBy: 'partner', filedByPartnerId: 'org_p' });
    expect(c).toMatchObject({ scenario: 'partner-led', partnerId: 'org_p', ruleId: 'filed-by-partner' });
  });

  it('a customer’s approved partner delivers', () => {
    const c = chooseScenario(programme, { ...base, approvedPartnerIds: ['org_a', 'org_b'] });
    expect(c).toMatchObject({ scenario: 'partner-led', partnerId: 'org_a' });
    expect(c.reasons[0]!.values.partners).toBe(2);
  });

  it('Intune at or above the referral limit stays with the center, with the numbers', () => {
    const limit = (programme.thresholds as Record<string, number>).frpReferralMaxIntuneSeats!;
    const c = chooseScenario(programme, {
      ...base,
      workload: 'intune',
      requestedWorkloads: ['intune'],
      entitlementSeats: limit,
    });
    expect(c).toMatchObject({ scenario: 'center-led', ruleId: 'intune-too-large-for-referral' });
    expect(c.reasons[0]!.values).toMatchObject({ seats: limit, limit });
    expect(
      chooseScenario(programme, { ...base, workload: 'intune', entitlementSeats: limit - 1 }).scenario,
    ).toBe('partner-referral');
  });

  it('without partners the center delivers', () => {
    expect(chooseScenario(programme, { ...base, partnersAvailable: 0 })).toMatchObject({
      scenario: 'center-led',
      ruleId: 'center-default',
    });
  });

  it('always decides, and partner-led always names a partner', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...programme.workloads.map((w) => w.id)),
        fc.nat({ max: 100_000 }),
        fc.constantFrom('customer', 'partner', 'center') as fc.Arbitrary<'customer' | 'partner' | 'center'>,
        fc.array(fc.constantFrom('org_a', 'org_b'), { maxLength: 2 }),
        fc.nat({ max: 3 }),
        (workload, seats, filedBy, approved, partners) => {
          const c = chooseScenario(programme, {
            workload,
            entitlementSeats: seats,
            filedBy,
            filedByPartnerId: filedBy === 'partner' ? 'org_f' : null,
            approvedPartnerIds: approved,
            partnersAvailable: partners,
            requestedWorkloads: [workload],
          });
          if (c.scenario === 'partner-led') expect(c.partnerId).toBeTruthy();
          expect(c.reasons).toHaveLength(1);
        },
      ),
    );
  });
});
