import type { DateOrder } from '../../data/dates.ts';
import type { DateOrderChoice as Choice } from '../data-choices.ts';

const ORDERS: [DateOrder, string, string][] = [
  ['dmy', 'Day/month/year', '31/01/2024'],
  ['mdy', 'Month/day/year', '01/31/2024'],
];

interface Props {
  choice: Choice;
  /** A re-read is in progress (the buttons ignore changes until it is done, and keep the focus). */
  busy: boolean;
  onChange: (order: DateOrder) => void;
}

/**
 * Dates that read either way (no day over 12): what the loader decided and why, and the other reading
 * one click away. Picking one re-reads the file in the worker; the data shown stays until that works.
 */
export function DateOrderChoice({ choice, busy, onChange }: Props) {
  const name = `date-order-${choice.column}`;
  return (
    <fieldset className="notice date-order" data-testid="date-order" data-order={choice.order}>
      <legend className="notice-title">Dates in “{choice.column}” could be read two ways</legend>
      <p className="small">
        {choice.guessed
          ? `Read as ${choice.order === 'dmy' ? 'day/month/year' : 'month/day/year'} because that keeps the rows in time order. Check the time range above; if it is wrong, pick the other order.`
          : `Read as ${choice.order === 'dmy' ? 'day/month/year' : 'month/day/year'}, as you chose.`}
      </p>
      <div className="radio-row">
        {ORDERS.map(([order, label, example]) => (
          <label key={order} className="check">
            <input
              type="radio"
              name={name}
              value={order}
              checked={choice.order === order}
              // Not `disabled`: a focused control that turns disabled loses the focus, and a keyboard user
              // who picked with Space would find it on the page's body after the re-read (arrows dead).
              aria-disabled={busy}
              onChange={() => {
                if (!busy) onChange(order);
              }}
            />
            <span>
              {label} <span className="muted small">(e.g. {example})</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
