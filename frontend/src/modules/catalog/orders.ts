/** What the orders pages work out for themselves: paths, delivered text, the deliveries to send. */

export const ORDER_STATUSES = ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'CANCELLED'] as const;

export const orderPath = (id: string) => `/catalog/orders/${encodeURIComponent(id)}`;

interface Line {
  id: string;
  description: string;
  quantity: unknown;
  fulfilledQuantity: unknown;
}

/** "Seat licence: 2/3 · Onboarding: 0/1": per line, delivered of ordered. */
export function delivered(lines: readonly Line[]): string {
  return lines.map((line) => `${line.description}: ${Number(line.fulfilledQuantity)}/${Number(line.quantity)}`).join(' · ');
}

/** What is left to deliver on a line (never below zero). */
export function remaining(line: Line): number {
  return Math.max(0, Number(line.quantity) - Number(line.fulfilledQuantity));
}

/**
 * The deliveries typed in, as `fulfilOrder` takes them: lines with a positive quantity only. Null when a
 * quantity is not a number, negative, or more than is left on its line (the server would refuse it too).
 */
export function deliveriesOf(lines: readonly Line[], entered: Record<string, string>): { lineId: string; quantity: string }[] | null {
  const deliveries: { lineId: string; quantity: string }[] = [];
  for (const line of lines) {
    const text = (entered[line.id] ?? '').trim();
    if (!text) continue;
    const quantity = Number(text);
    if (!Number.isFinite(quantity) || quantity < 0 || quantity > remaining(line)) return null;
    if (quantity > 0) deliveries.push({ lineId: line.id, quantity: text });
  }
  return deliveries;
}
