"""Amounts in French words, as a decision writes them beside the figures.

Traditional spelling (the one administrative acts use): hyphens below one hundred only, « et »
in 21, 31… 71; « quatre-vingts » and « deux cents » take an « s » only when they end the number or
come before « millions » / « milliards » (nouns), never before « mille » (invariable).
"""

from decimal import ROUND_HALF_UP, Decimal

UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_hundred(n: int, *, final: bool) -> str:
    if n <= 16:
        return UNITS[n]
    if n < 20:
        return "dix-" + UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix…, quatre-vingt-dix…
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = 10 + unit
        if tens == 7 and unit == 1:
            return "soixante et onze"
        return f"{base}-{_below_hundred(rest, final=final)}"
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + UNITS[unit]
    word = TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{UNITS[unit]}"


def _below_thousand(n: int, *, final: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        if hundreds == 1:
            parts.append("cent")
        else:
            plural = final and rest == 0
            parts.append(f"{UNITS[hundreds]} {'cents' if plural else 'cent'}")
    if rest or not hundreds:
        parts.append(_below_hundred(rest, final=final))
    return " ".join(parts)


def number_in_words_fr(n: int) -> str:
    """A non-negative integer below one thousand billion, in French words."""
    if n < 0 or n >= 10**12:
        raise ValueError("out of range")
    if n == 0:
        return "zéro"
    billions, rest = divmod(n, 10**9)
    millions, rest = divmod(rest, 10**6)
    thousands, units = divmod(rest, 1000)
    parts = []
    for count, singular, plural in ((billions, "milliard", "milliards"), (millions, "million", "millions")):
        if count:
            parts.append(f"{_below_thousand(count, final=True)} {singular if count == 1 else plural}")
    if thousands:
        parts.append("mille" if thousands == 1 else f"{_below_thousand(thousands, final=False)} mille")
    if units:
        parts.append(_below_thousand(units, final=True))
    return " ".join(parts)


def amount_in_words_fr(amount: Decimal | int | str) -> str:
    """``Decimal("45203.50")`` → « quarante-cinq mille deux cent trois euros et cinquante centimes »."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("a negative amount has no words here")
    euros = int(value)
    cents = int((value - euros) * 100)
    parts = []
    if euros or not cents:
        words = number_in_words_fr(euros)
        # « un million d'euros », but « un million deux cents euros ».
        if words.endswith(("million", "millions", "milliard", "milliards")):
            parts.append(f"{words} d'euros")
        else:
            parts.append(f"{words} {'euro' if euros == 1 else 'euros'}")
    if cents:
        parts.append(f"{number_in_words_fr(cents)} {'centime' if cents == 1 else 'centimes'}")
    return " et ".join(parts)
