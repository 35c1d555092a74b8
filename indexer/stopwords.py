"""Vietnamese function words dropped from long, question-like queries."""
from corpus.text import fold

# Only applied when a query has more than LONG_QUERY syllables, so that a
# short query such as "hàng không" keeps every word.
LONG_QUERY = 5
STOPWORDS = frozenset("""
à ai bao nhiêu các cần cho có của đã đang để đến đi đó được gì hay hoặc khi không là làm
mà mình một nào nếu như những này ở phải ra rồi sang sao sẽ thế thì thôi tại tôi từ và về
vì với vậy đâu chưa cũng nên nữa rằng bị bởi xin hỏi muốn biết
""".split())
FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


def is_stopword(syllable: str, folded_too: bool = False) -> bool:
    """Whether a lowercase syllable is a function word.

    Typed with accents it is compared as typed. Typed without, it is ambiguous
    (``la`` is "là" but also "lá" in "thuốc lá"), so it counts only with
    ``folded_too`` (for picking benchmark words, not for dropping query words).
    """
    folded = fold(syllable)
    if folded != syllable:
        return syllable in STOPWORDS
    return folded_too and folded in FOLDED_STOPWORDS
