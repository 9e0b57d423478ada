"""eqtrainer: a terminal game that trains the soft skills of senior IT project managers."""

__version__ = "0.2.0"
