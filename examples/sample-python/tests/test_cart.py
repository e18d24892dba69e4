from shop.cart import cart_total


def test_sums_line_totals():
    assert cart_total([{"price_cents": 250, "quantity": 2}, {"price_cents": 100, "quantity": 1}]) == 600


def test_an_empty_cart_costs_nothing():
    assert cart_total([]) == 0
