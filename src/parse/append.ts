/**
 * Appends items one by one: `to.push(...items)` passes every item as an argument and overflows the
 * stack when a damaged document yields hundreds of thousands of them.
 */
export function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}
