// Small labelled form controls shared by the panels. Every control has a visible label.
import { type ReactNode, useEffect, useId, useState } from 'react';
import type { Bound } from '../../model/config.ts';
import { describeBound, parseBounded } from '../bounds.ts';

interface NumberFieldProps {
  label: string;
  value: number;
  onChange: (v: number) => void;
  /** The allowed range (from CONFIG_BOUNDS, scaled to what the field shows). */
  bound: Bound;
  step?: number | 'any';
  hint?: string;
  disabled?: boolean;
  testId?: string;
}

/** A number input that keeps what the user types and commits only values within its bound. */
export function NumberField({
  label,
  value,
  onChange,
  bound,
  step,
  hint,
  disabled,
  testId,
}: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value ? t : String(value)));
  }, [value]);
  const valid = parseBounded(text, bound) !== null;
  const problem = valid ? null : describeBound(bound);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={bound.integer ? 'numeric' : 'decimal'}
        value={text}
        min={bound.min}
        max={bound.max}
        step={step ?? (bound.integer ? 1 : 'any')}
        disabled={disabled}
        aria-invalid={!valid}
        aria-describedby={problem || hint ? `${id}-hint` : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseBounded(e.target.value, bound);
          if (v !== null) onChange(v);
        }}
      />
      {(problem || hint) && (
        <span id={`${id}-hint`} className={problem ? 'field-error' : 'field-hint'}>
          {problem ?? hint}
        </span>
      )}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  disabled?: boolean;
  testId?: string;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  testId,
}: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  disabled,
  busy,
  testId,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  /** Changes are ignored for now; unlike `disabled` the box keeps the keyboard focus. */
  busy?: boolean;
  testId?: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-disabled={busy || undefined}
        data-testid={testId}
        onChange={(e) => {
          if (!busy) onChange(e.target.checked);
        }}
      />
      <span>{label}</span>
    </label>
  );
}

// One formatter for every count: toLocaleString builds a new one per call, which shows in profiles when
// the progress figures update every frame.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

export function formatNum(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

export function formatDuration(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '—';
  if (sec < 60) return `${Math.ceil(sec)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min ${Math.round(sec - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
