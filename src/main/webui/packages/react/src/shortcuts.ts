import { useEffect, useRef } from 'react';

/** Keys (as `KeyboardEvent.key`, e.g. `/`, `j`, `?`, `Escape`) and what each does. */
export type Shortcuts = Record<string, (event: KeyboardEvent) => void>;

/** Whether a key press belongs to a text field, a select, an editable element or a media player (its own keys). */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable=true], video, audio') !== null;
}

/**
 * Page-wide keyboard shortcuts on `document`. Ignored while typing in a field, over a player, or with Ctrl, Alt or
 * Meta held, so browser and player keys keep working; `Escape` is always passed on.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key !== 'Escape' && ownsKeys(event.target)) return;
      const action = current.current[event.key];
      if (!action) return;
      action(event);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
