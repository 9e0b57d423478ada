"""Three themes that read well in 256 colours and at 80x24: dark, light and high contrast."""

from __future__ import annotations

from textual.theme import Theme

THEMES = {
    "dark": Theme(
        name="eq-dark",
        dark=True,
        primary="#5fafff",
        secondary="#5f87af",
        accent="#ffaf5f",
        success="#5fd787",
        warning="#ffd75f",
        error="#ff5f5f",
        foreground="#e4e4e4",
        background="#1c1c1c",
        surface="#262626",
        panel="#303030",
    ),
    "light": Theme(
        name="eq-light",
        dark=False,
        primary="#005faf",
        secondary="#5f5f87",
        accent="#af5f00",
        success="#008700",
        warning="#af8700",
        error="#d70000",
        foreground="#1c1c1c",
        background="#eeeeee",
        surface="#e4e4e4",
        panel="#d0d0d0",
    ),
    "contrast": Theme(
        name="eq-contrast",
        dark=True,
        primary="#ffff00",
        secondary="#00ffff",
        accent="#ffff00",
        success="#00ff00",
        warning="#ffff00",
        error="#ff5f5f",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#000000",
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={"text-muted": "#e4e4e4"},  # secondary text stays bright, not grey
    ),
}
ORDER = ("dark", "light", "contrast")
