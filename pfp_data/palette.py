"""The course's one palette: Okabe-Ito hues that stay apart for colour-blind readers.

Only hues with at least 3:1 contrast against a white page are used for marks
(WCAG 2.1, 1.4.11); Okabe-Ito's orange, sky blue and yellow fall below that and are
left out. Status is never told by hue alone: every status also has a shape and a
label, and charts that show status must use STATUS_SHAPES or text as a second channel.
"""

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#767676"
LIGHT_GREY = "#E0E0E0"  # background only (states outside the story), never a data mark
INK = "#333333"  # text and outlines drawn beside marks: 12.6:1 on white, softer than black
WHITE = "#FFFFFF"  # the page: map borders and marker outlines

CATEGORICAL = [BLUE, VERMILLION, GREEN, PURPLE, BLACK, GREY]

STATUS_ORDER = ["partner", "nato_member", "withdrawn", "not_signed"]
STATUS_LABELS = {
    "partner": "PfP partner",
    "nato_member": "NATO member",
    "withdrawn": "Withdrawn",
    "not_signed": "Neither",
}
STATUS_COLORS = {
    "partner": BLUE,
    "nato_member": VERMILLION,
    "withdrawn": PURPLE,
    "not_signed": LIGHT_GREY,
}
# Vega-Lite shape names, so legends and points repeat status without colour.
STATUS_SHAPES = {
    "partner": "circle",
    "nato_member": "square",
    "withdrawn": "triangle-up",
    "not_signed": "cross",
}
# Map fills also carry a pattern-free second cue: a text label on the legend and a
# tooltip; suspended partnerships are drawn with a dashed outline.
SUSPENDED_DASH = [4, 2]


# Dark mode. The course book follows its theme's colour mode; on its dark page
# (pydata-sphinx-theme's background) the hues above keep at least 3:1 and stay as they
# are, so a colour means the same in both modes. Only what is drawn in black or as the
# page itself changes: text and ink turn light, white outlines and fills turn dark. The
# book's chart stylesheet is written from this table (book/_ext/pfp_book/drawing.py).
DARK_BACKGROUND = "#14181E"
DARK_INK = "#CED6DD"  # the theme's dark-mode text: 12.1:1 on its background
DARK_MODE = {
    BLACK: DARK_INK,
    INK: DARK_INK,
    WHITE: DARK_BACKGROUND,
    LIGHT_GREY: "#3A4350",  # background fill, still apart from the page (1.7:1)
    "#888888": "#9CA4AF",  # Vega's default axis lines and ticks
    "#DDDDDD": "#364150",  # Vega's default grid lines
}


def on_dark(colour):
    """The colour a chart uses for ``colour`` on the book's dark page.

    >>> on_dark(BLACK), on_dark(BLUE)
    ('#CED6DD', '#0072B2')
    """
    return DARK_MODE.get(colour.upper(), colour)


def contrast_ratio(foreground, background="#FFFFFF"):
    """WCAG 2.1 contrast ratio between two '#RRGGBB' colours."""

    def luminance(hex_colour):
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def all_colours():
    """Every colour a course chart may use (a test checks chart specs against it)."""
    return set(CATEGORICAL) | set(STATUS_COLORS.values()) | {LIGHT_GREY, WHITE, INK}
