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


def is_stopword(syllable: str) -> bool:
    """A lowercase syllable typed with accents is compared as typed; one without, folded."""
    folded = fold(syllable)
    return syllable in STOPWORDS if folded != syllable else folded in FOLDED_STOPWORDS
