import { useTheme } from '@video-jobs/react';

/** Switches between the light and dark theme; the choice is remembered on this device. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  return (
    <button type="button" className="theme-toggle" aria-pressed={theme === 'dark'} data-theme-choice={theme}
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
      Dark theme
    </button>
  );
}
