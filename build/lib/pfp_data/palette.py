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
    return set(CATEGORICAL) | set(STATUS_COLORS.values()) | {LIGHT_GREY, "#FFFFFF", "#333333"}
