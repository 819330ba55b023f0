import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/** A container in the document with a React root: what each DOM test renders into and removes afterwards. */
export class TestRoot {
  readonly container: HTMLElement = document.body.appendChild(document.createElement('div'));
  private current: Root = createRoot(this.container);

  render(node: ReactNode): void {
    this.current.render(node);
  }

  /** Unmounts what was rendered, as leaving the page does, and keeps a fresh root for the next render. */
  unmount(): void {
    act(() => this.current.unmount());
    this.current = createRoot(this.container);
  }

  dispose(): void {
    act(() => this.current.unmount());
    this.container.remove();
  }
}
