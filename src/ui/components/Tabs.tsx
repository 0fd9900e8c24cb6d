// A tab list after the WAI-ARIA tabs pattern (automatic activation): one tab in the Tab order (roving
// tabindex), arrow keys move between tabs and select them, Home and End go to the first and last, and each
// tab names the panel it controls.
import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabItem {
  key: string;
  label: ReactNode;
}

/** The id of the tab and of its panel, from the list's id base and the tab's key. */
export const tabId = (base: string, key: string) => `${base}-tab-${key}`;
export const panelId = (base: string, key: string) => `${base}-panel-${key}`;

/** Which tab a key press moves to (null: the key is not one the tab list handles). */
export function nextTab(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function Tabs({
  label,
  idBase,
  items,
  selected,
  onSelect,
  testId,
}: {
  label: string;
  idBase: string;
  items: TabItem[];
  selected: number;
  onSelect: (index: number) => void;
  testId?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = nextTab(e.key, i, items.length);
    if (next === null) return;
    e.preventDefault();
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} data-testid={testId}>
      {items.map((item, i) => {
        const on = i === selected;
        return (
          <button
            key={item.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            id={tabId(idBase, item.key)}
            type="button"
            role="tab"
            aria-selected={on}
            aria-controls={panelId(idBase, item.key)}
            tabIndex={on ? 0 : -1}
            className={on ? 'tab tab-on' : 'tab'}
            onClick={() => onSelect(i)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
