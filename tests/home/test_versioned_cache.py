from home.versioned_cache import LocalMemo


def test_the_memory_forgets_everything_when_the_version_moves_on():
    memo = LocalMemo(max_entries=10)
    memo.follow(1)
    memo.put("site:home:a", b"home of version 1")
    memo.follow(1)
    assert memo.get("site:home:a") == b"home of version 1"
    memo.follow(2)
    assert memo.get("site:home:a") is None


def test_the_memory_is_bounded_and_drops_the_least_recently_used():
    memo = LocalMemo(max_entries=2)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.get("a")
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)
