/** Style blocks shared by the portal's pages (for `makeStyles`). */
import type { GriffelStyle } from '@fluentui/react-components';

/** A list without bullets or indent, its items stacked with `gap` between them. */
export const plainList = (gap: string): GriffelStyle => ({
  listStyleType: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap,
});
