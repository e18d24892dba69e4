"""Cart totals, in cents."""


def cart_total(lines):
    """Sum of price_cents * quantity over the cart's lines."""
    return sum(line["price_cents"] * line["quantity"] for line in lines)
