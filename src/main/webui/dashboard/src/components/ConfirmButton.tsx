import { useState } from 'react';

interface Props {
  label: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}

/** A button that asks "are you sure?" in place before it acts. */
export function ConfirmButton({ label, question, onConfirm, disabled, danger }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" className={danger ? 'danger' : undefined} disabled={disabled} onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className={danger ? 'danger' : undefined} autoFocus
        onClick={() => { setAsking(false); onConfirm(); }}>Yes, {label.toLowerCase()}</button>
      <button type="button" onClick={() => setAsking(false)}>No</button>
    </span>
  );
}
