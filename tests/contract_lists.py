"""Lists written out from the public contract (section 2), for tests to check packs against.

Kept apart from the engine's own copy (engine/check/mandatory.py) on purpose: a test that read
the engine's list could not catch a mistake in it.
"""

# a child holding any of these always escalates to level 4, in every pack that ships
MANDATORY_CHILD_TRIGGERS = (
    "significant_harm",
    "neglect",
    "physical_abuse",
    "sexual_abuse",
    "emotional_abuse",
    "sexual_activity_under_13",
    "child_protection_plan",
    "female_genital_mutilation",
)
