import { useShortcuts } from '@video-jobs/react';
import { useRef } from 'react';

const KEYS: Array<[string, string]> = [
  ['/', 'Search the jobs list'],
  ['j', 'Next job in the list'],
  ['k', 'Previous job in the list'],
  ['Enter', 'Open the selected job'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close this dialog'],
];

/** Moves the focus to the next (1) or previous (-1) job link of the list, starting at the first. */
function moveInList(step: number): boolean {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.job-list .job-link')];
  if (links.length === 0) return false;
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = at < 0 ? 0 : Math.max(0, Math.min(links.length - 1, at + step));
  links[next].focus();
  links[next].scrollIntoView({ block: 'nearest' });
  return true;
}

/**
 * The app's keyboard shortcuts and the `?` dialog listing them. `/` focuses the list's search box when the page
 * has one; `j`/`k` move through the jobs list and `Enter` opens the focused job (a link); `Esc` closes the dialog.
 */
export function ShortcutsHelp() {
  const dialog = useRef<HTMLDialogElement>(null);
  useShortcuts({
    '/': (event) => {
      const search = document.querySelector<HTMLInputElement>('input[type=search]');
      if (!search) return;
      event.preventDefault();
      search.focus();
    },
    j: (event) => { if (moveInList(1)) event.preventDefault(); },
    k: (event) => { if (moveInList(-1)) event.preventDefault(); },
    '?': (event) => {
      event.preventDefault();
      if (!dialog.current?.open) dialog.current?.showModal();
    },
  });
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-heading" className="shortcuts">
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {KEYS.map(([key, what]) => (
          <div key={key}><dt><kbd>{key}</kbd></dt><dd>{what}</dd></div>
        ))}
      </dl>
      <p className="hint">The video player keeps its own keys (space, arrows) while it has the focus.</p>
      <form method="dialog"><button type="submit">Close</button></form>
    </dialog>
  );
}
