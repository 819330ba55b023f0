/** Display helpers shared by the pages. */

export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const s = String(whole % 60).padStart(2, '0');
  const m = Math.floor(whole / 60) % 60;
  const h = Math.floor(whole / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function label(id: string): string {
  return id.charAt(0) + id.slice(1).toLowerCase().replace(/_/g, ' ');
}

export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'error_message' in error) return String((error as { error_message: unknown }).error_message);
  return error instanceof Error ? error.message : String(error);
}
