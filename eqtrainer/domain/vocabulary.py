"""The fixed words of the format: knowledge areas, scoring dimensions, outcomes.

Kept apart from the model so that the game's first screen can import them cheaply.
"""

AREAS = (
    "integration",
    "scope",
    "schedule",
    "cost",
    "quality",
    "communications",
    "risk",
    "procurement",
    "stakeholders",
    # PMBOK's tenth area (team, capacity, burnout): authors reach for it on team conflicts.
    "resources",
)
DIMENSIONS = ("communication", "strategy", "business_value", "eq")
DIMENSION_LABELS = {
    "communication": "Communication",
    "strategy": "Strategy",
    "business_value": "Business value",
    "eq": "EQ",
}
OUTCOMES = ("good", "mixed", "bad")
