"""portal/registry.py's collection itself, apart from any app: what the module and `collect` promise
(a stable order, `order` then registration; every provider called with the same keywords, results
joined) and what `register` says of itself (idempotent, since ready() may run twice in tests)."""

from portal.registry import Providers, collect


def _provider(name: str):
    def provider(**kwargs):
        return [(name, kwargs)]

    provider.__name__ = name
    return provider


def test_providers_come_by_order_then_in_the_order_they_were_registered():
    providers = Providers("test")
    late, first, second, default, third = (_provider(name) for name in ("late", "first", "second", "default", "third"))

    providers.register(late, order=50)
    providers.register(first, order=10)
    providers.register(second, order=10)
    providers.register(default)  # order 100
    providers.register(third, order=10)

    assert list(providers) == [first, second, third, late, default]
    assert len(providers) == 5


def test_registering_the_same_provider_twice_keeps_it_once_in_its_first_place():
    """ready() may run twice in tests: registering again changes nothing, whatever order it names."""
    providers = Providers("test")
    one, two = _provider("one"), _provider("two")
    providers.register(one, order=20)
    providers.register(two, order=30)

    returned = providers.register(one, order=40)

    assert returned is one
    assert list(providers) == [one, two]


def test_collect_calls_every_provider_with_the_same_keywords_and_joins_in_order():
    providers = Providers("test")
    providers.register(_provider("b"), order=20)
    providers.register(_provider("a"), order=10)

    collected = collect(providers, municipality="Amsterdam", limit=3)

    assert collected == [("a", {"municipality": "Amsterdam", "limit": 3}), ("b", {"municipality": "Amsterdam", "limit": 3})]
