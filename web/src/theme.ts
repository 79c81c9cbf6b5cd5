/** Light, dark and high-contrast themes (Fluent UI v9), remembered per browser. */
import { teamsHighContrastTheme, type Theme, webDarkTheme, webLightTheme } from '@fluentui/react-components';

export const THEMES = ['light', 'dark', 'highContrast'] as const;
export type ThemeName = (typeof THEMES)[number];
export const THEME: Record<ThemeName, Theme> = {
  light: webLightTheme,
  dark: webDarkTheme,
  highContrast: teamsHighContrastTheme,
};

export function initialTheme(): ThemeName {
  const stored = localStorage.getItem('ftc.theme');
  if (THEMES.includes(stored as ThemeName)) return stored as ThemeName;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'highContrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
