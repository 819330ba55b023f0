import { useEffect, useState } from 'react';

/**
 * A media element's current time and duration, updated on its `timeupdate`, `seeked`, `durationchange` and
 * `loadedmetadata`. Pass the element itself (kept in state through a callback ref), not a ref object, so the
 * hook sees it once it is mounted.
 */
export function useMediaTime(element: HTMLMediaElement | null): { currentTime: number; duration: number } {
  const [state, setState] = useState({ currentTime: 0, duration: 0 });
  useEffect(() => {
    if (!element) return undefined;
    const update = () => setState({
      currentTime: element.currentTime,
      duration: Number.isFinite(element.duration) ? element.duration : 0,
    });
    const events = ['timeupdate', 'seeked', 'durationchange', 'loadedmetadata'];
    events.forEach((name) => element.addEventListener(name, update));
    update();
    return () => events.forEach((name) => element.removeEventListener(name, update));
  }, [element]);
  return state;
}
