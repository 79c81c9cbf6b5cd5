/** A referral's status as a badge (offered, accepted, declined, expired, withdrawn). */
import { Badge, type BadgeProps } from '@fluentui/react-components';
import { useT } from '../../i18n';

const COLOUR: Record<string, BadgeProps['color']> = {
  offered: 'brand',
  accepted: 'success',
  declined: 'danger',
  expired: 'warning',
  withdrawn: 'informative',
};

export function ReferralStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <Badge appearance="tint" color={COLOUR[status] ?? 'informative'}>
      {t(`ui.referrals.status.${status}`)}
    </Badge>
  );
}
