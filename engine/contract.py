"""What the public contract fixes for every pack: roles, required codes and ids, limits, CIN census codes.

A pack may add to these; it may not take them away. The mandatory safeguarding escalations
(contract section 2) are in engine/compile/mandatory.py, which proves each pack makes them.
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal[
    "midwife",
    "family_nurse",
    "health_visitor",
    "school_nurse",
    "school",
    "early_help_practitioner",
    "youth_justice_worker",
    "social_worker",
    "camhs_practitioner",
    "gp",
]
ROLES: tuple[str, ...] = get_args(Role)
MemberRole = Literal["child", "parent", "carer", "other_adult"]
PARENT_ROLES = ("parent", "carer")

ADULT_AGE = 18  # a member under 18 is a child in law, whatever the role
YOUNGEST_PARENT = 10  # a parent or carer younger than this is refused as a typing error
OLDEST = 120

# The starter vocabulary (contract section 2): code -> who may carry it.
REQUIRED_INDICATORS: dict[str, str] = {
    **dict.fromkeys(
        [
            "conduct_problems",
            "conduct_disorder",
            "antisocial_behaviour",
            "offending",
            "school_absence",
            "fixed_term_exclusion",
            "permanent_exclusion",
            "speech_language_delay",
            "developmental_delay",
            "send",
            "low_mood_anxiety",
            "serious_mental_health",
            "self_harm",
            "missing_episodes",
            "sexual_exploitation_risk",
            "criminal_exploitation_risk",
            "young_carer",
            "neet",
            "adhd",
            "autism",
            "care_considered",
            "accommodation_requested",
            "violence_to_parent",
            "looked_after",
            "child_protection_plan",
            "neglect",
            "physical_abuse",
            "sexual_abuse",
            "emotional_abuse",
            "sexual_activity_under_13",
            "significant_harm",
            "female_genital_mutilation",
            # added in 2026
            "severe_absence",
            "abuse_linked_to_faith",
            "trafficking",
            "radicalisation_risk",
            "unaccompanied_asylum_seeker",
            "privately_fostered",
        ],
        "child",
    ),
    **dict.fromkeys(["learning_disability", "alcohol_misuse", "drug_misuse", "physical_disability_illness"], "any"),
    **dict.fromkeys(
        [
            "depression_anxiety",
            "severe_mental_illness",
            "parenting_difficulty",
            "criminal_justice",
            "out_of_work_benefits",
            "previous_child_removed",
        ],
        "adult",
    ),
    **dict.fromkeys(
        [
            "domestic_abuse",
            "parental_conflict",
            "housing_problems",
            "eviction_risk",
            "financial_difficulty",
            "social_isolation",
            "bereavement",
        ],
        "family",
    ),
}

# The starter catalogue (contract section 3).
REQUIRED_INTERVENTIONS: tuple[str, ...] = tuple(
    [
        "family-nurse-partnership",
        "incredible-years-preschool",
        "incredible-years-school-age",
        "triple-p-standard",
        "triple-p-teen",
        "solihull-approach",
        "paths",
        "classroom-emotional-learning",
        "child-focused-problem-solving",
        "safecare",
        "functional-family-therapy",
        "multisystemic-therapy",
        "treatment-foster-care-oregon",
        "lifeskills-training",
        "strengthening-families-10-14",
        "family-group-conference",
        "intensive-family-support",
        "camhs-assessment",
    ]
)

# Front-door urgency ratings (contract section 3), least urgent first; an escalation is always red.
Rating = Literal["green", "amber", "red"]
RATINGS: tuple[str, ...] = get_args(Rating)

# The headline outcomes of the National Supporting Families Outcomes Framework (contract section 3),
# in the framework's order: a decision lists a family's outcomes in this order.
Outcome = Literal[
    "education",
    "early_years",
    "health",
    "substance_use",
    "family_relationships",
    "safe_from_abuse",
    "crime",
    "domestic_abuse",
    "housing",
    "financial_stability",
]
OUTCOMES: tuple[str, ...] = get_args(Outcome)

# Limits on a family profile (contract section 2; stated in the README). Each is refused with a
# message that names it. They keep every profile quick to decide or refuse (well under a second).
MAX_PROFILE_BYTES = 100_000  # the file (a typical profile is under 2,000 bytes)
MAX_MEMBERS = 50  # members of one family
MAX_INDICATORS = 100  # indicators on one member, or on the family
MAX_TEXT = 100  # characters in an id or any other text a profile holds
MAX_DEPTH = 32  # lists and fields nested within each other, in any YAML or JSON file read
MAX_PROBLEMS = 100  # refusals listed for one file; the rest are counted

# Children in Need census: the "factors identified at the end of assessment" (DfE, Children in
# Need census specification and guide for local authorities; listed in
# shared/reference/policy-2026.md section 3). Codes 1-6 come in three: A is a concern about the
# child, B about a parent or carer, C about another person in the household. Every pack maps each
# current code to its indicators, or says why it does not (rules/cin_codes.yaml).
_ABOUT = {"A": "the child", "B": "a parent or carer", "C": "another person in the household"}
_SHARED = (
    "alcohol misuse",
    "drug misuse",
    "domestic abuse",
    "mental health",
    "learning disability",
    "physical disability or illness",
)
CIN_FACTORS: dict[str, str] = {  # every current code -> its meaning, in the census's order
    **{f"{n}{k}": f"{what}: concern about {who}" for n, what in enumerate(_SHARED, 1) for k, who in _ABOUT.items()},
    "7A": "young carer",
    # the five kinds of private fostering: their wording is recalled from the census guide, not
    # checked (policy-2026.md says only "five kinds")
    "8B": "privately fostered: a child from overseas who intends to return",
    "8C": "privately fostered: a child from overseas who intends to stay",
    "8D": "privately fostered: a UK child in an educational placement",
    "8E": "privately fostered: a UK child in an alternative family arrangement",
    "8F": "privately fostered: other",
    "9A": "unaccompanied asylum-seeking child",
    "10A": "going missing",
    "11A": "child sexual exploitation",
    "12A": "trafficking",
    "13A": "gangs",
    "14A": "socially unacceptable behaviour",
    "15A": "self-harm",
    "16A": "neglect",
    "17A": "emotional abuse",
    "18B": "physical abuse by a child",
    "18C": "physical abuse by an adult",
    "19B": "sexual abuse by a child",
    "19C": "sexual abuse by an adult",
    "20": "other",
    "21": "no factors identified",
    "22A": "female genital mutilation",
    "23A": "abuse linked to faith or belief",
    "24A": "child criminal exploitation",
}
# Codes no longer to be used (from the 2024-25 census): code -> (meaning, the codes that replaced it).
CIN_RETIRED: dict[str, tuple[str, tuple[str, ...]]] = {
    "18A": ("physical abuse", ("18B", "18C")),
    "19A": ("sexual abuse", ("19B", "19C")),
}


def cin_code_problem(code: str) -> str | None:
    """Why `code` is not a current Children in Need census factor code (None when it is one)."""
    if code in CIN_FACTORS:
        return None
    if code in CIN_RETIRED:
        meaning, by = CIN_RETIRED[code]
        use = " or ".join(f"{c} ({CIN_FACTORS[c]})" for c in by)
        return f"census code '{code}' ({meaning}) is no longer used from the 2024-25 census: use {use}"
    hint = f" (did you mean '{code.upper()}'?)" if code.upper() in CIN_FACTORS else ""
    return f"'{code}' is not a Children in Need census factor code{hint}"


# England and Wales (Children and Young Persons Act 1933 s50): offending recorded on a younger
# child is accepted with a warning and never makes youth justice the lead (contract section 2).
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
