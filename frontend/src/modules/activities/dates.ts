/** Calendar arithmetic in the browser's local time (days, weeks starting on Monday, month grids). */

export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, date.getHours(), date.getMinutes(), date.getSeconds());
}

/** Monday of the week holding `date`. */
export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return addDays(day, -((day.getDay() + 6) % 7));
}

/** The 42 days (six weeks from a Monday) a month view shows around `date`'s month. */
export function monthGrid(date: Date): Date[] {
  const first = startOfWeek(new Date(date.getFullYear(), date.getMonth(), 1));
  return Array.from({ length: 42 }, (_, i) => addDays(first, i));
}

export function weekDays(date: Date): Date[] {
  const first = startOfWeek(date);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** `2027-03-01` for a local day: the key of a calendar cell. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The same local time of day as `iso`, on the day `key` (`YYYY-MM-DD`): where a dragged entry lands. */
export function moveToDay(iso: string, key: string): string {
  const from = new Date(iso);
  const [year, month, day] = key.split('-').map(Number);
  return new Date(year, month - 1, day, from.getHours(), from.getMinutes(), from.getSeconds()).toISOString();
}

/** Milliseconds between the start of `iso`'s local day and the start of day `key`. */
export function shiftToDay(iso: string, key: string): number {
  return new Date(moveToDay(iso, key)).getTime() - new Date(iso).getTime();
}

/** A `datetime-local` input's value as an ISO instant (the browser's time zone); '' → null. */
export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}
