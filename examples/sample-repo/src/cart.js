/** Sum of line totals in cents. */
export function cartTotal(lines) {
  let total = 0;
  for (const line of lines) total += line.priceCents * line.quantity;
  return total;
}
