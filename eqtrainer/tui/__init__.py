"""The Textual game. Nothing outside this package imports textual."""
