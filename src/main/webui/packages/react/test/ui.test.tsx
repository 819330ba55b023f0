// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestRoot } from './testRoot.js';
import { useShortcuts, useTheme, type Theme } from '../src/index.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let view: TestRoot;
let systemDark = false;
const listeners = new Set<() => void>();

beforeEach(() => {
  localStorage.clear();
  systemDark = false;
  listeners.clear();
  vi.stubGlobal('matchMedia', (query: string) => ({
    get matches() { return query === '(prefers-color-scheme: dark)' && systemDark; },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }));
  view = new TestRoot();
});

afterEach(() => {
  view.dispose();
  vi.unstubAllGlobals();
});

let theme: { theme: Theme; chosen: boolean; setTheme: (theme: Theme) => void };
function ThemeProbe() {
  theme = useTheme();
  return null;
}

describe('useTheme', () => {
  it('follows prefers-color-scheme while nothing is chosen, live', () => {
    act(() => view.render(<ThemeProbe />));
    expect(theme.theme).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    systemDark = true;
    act(() => listeners.forEach((listener) => listener()));
    expect(theme.theme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('remembers a choice, which wins over the system setting on the next load', () => {
    act(() => view.render(<ThemeProbe />));
    act(() => theme.setTheme('dark'));
    expect(localStorage.getItem('video-jobs.theme')).toBe('dark');
    view.unmount();
    act(() => view.render(<ThemeProbe />));
    expect(theme).toMatchObject({ theme: 'dark', chosen: true });
  });
});

describe('useShortcuts', () => {
  function Keys({ onJ }: { onJ: () => void }) {
    useShortcuts({ j: onJ });
    return <input aria-label="Search" />;
  }

  it('runs a key’s action, but not while typing in a field or with a modifier held', () => {
    const onJ = vi.fn();
    act(() => view.render(<Keys onJ={onJ} />));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    expect(onJ).toHaveBeenCalledTimes(1);
    view.container.querySelector('input')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', ctrlKey: true, bubbles: true }));
    expect(onJ).toHaveBeenCalledTimes(1);
  });
});
