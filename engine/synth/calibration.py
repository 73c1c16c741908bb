"""The published figures a synthetic caseload is drawn from, each with its source.

Figures marked ASSUMPTION are not published anywhere we could check: they are choices, stated so
that they can be argued with. `engine/synth/caseload.py` reads these tables; nothing else does.

How the Children in Need (CIN) census shares are scaled. They describe children *assessed* by
children's social care, a needier population than every referral a front door receives. So a
synthetic year of referrals is a mix of two streams, each drawn from figures about itself:

* social care (SOCIAL_CARE of families): the CIN census shares as published;
* early help (the rest): seed 003's reasons recorded in early help assessments, and the CIN
  factors that early help also meets at EARLY_HELP_SCALE of their census share. Abuse, neglect
  and exploitation are not drawn in this stream: a referral that carries them goes to social care.

So a census share s appears in the whole caseload at SOCIAL_CARE * s (+ the early help part).
Each profile's referral id ends in -SC or -EH to say which stream it was drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- the two streams ---------------------------------------------------------------------------

# Derived from two published rates (not itself published): England's 657,800 referrals to
# children's social care in 2013-14 (DfE SFR 43/2014) over 11.51 million children (395,480
# children in need at 343.7 per 10,000 in 2014: DfE "Children in need" 2021, time series) are 57.2
# per 1,000 children a year; Worcestershire's early help assessments were 43.0 per 1,000 aged
# 0-19 over the 20 months August 2013 to March 2015 (seed 003 Table 3), 25.8 a year.
# 57.2 / (57.2 + 25.8) = 0.69. Early help providers were still starting up then, so 0.69 is high.
SOCIAL_CARE = 0.69

# ASSUMPTION: early help meets the CIN factors it shares with social care (domestic abuse, parental
# substance misuse, self-harm, going missing) at half the rate social care assessments find them.
EARLY_HELP_SCALE = 0.5


@dataclass(frozen=True)
class Factor:
    """A CIN census factor: the share of assessments that identify it, and the census codes it is
    recorded under (with the share of cases each takes), mapped to indicators by the pack's own
    rules/cin_codes.yaml. `teen`: drawn per child aged 10-17 rather than once per family.
    `early_help`: also drawn in the early help stream, at EARLY_HELP_SCALE of `share`."""

    name: str
    share: float
    codes: tuple[tuple[str, float], ...]
    teen: bool = False
    early_help: bool = False


# Shares of assessments with each factor, England, A/B/C codes grouped: ../shared/reference/
# policy-2026.md section 3 (DfE Characteristics of children in need, 2016 unless said). How the
# grouped share divides between the child (A), a parent (B) and another adult (C) is not in that
# source: every split below is an ASSUMPTION (most concerns are about a parent).
CIN_FACTORS: tuple[Factor, ...] = (
    # 49.6% (2016) and 51.1% (2018): about half; the census codes all map to the family
    Factor("domestic abuse", 0.50, (("3B", 1.0),), early_help=True),
    # 36.6%; early help's own mental health reason (EARLY_HELP_REASONS) stands in for it there
    Factor("mental health", 0.366, (("4B", 0.70), ("4A", 0.25), ("4C", 0.05))),
    Factor("drug misuse", 0.193, (("2B", 0.80), ("2A", 0.15), ("2C", 0.05)), early_help=True),  # 19.3%
    Factor("alcohol misuse", 0.184, (("1B", 0.85), ("1A", 0.10), ("1C", 0.05)), early_help=True),  # 18.4%
    Factor("emotional abuse", 0.193, (("17A", 1.0),)),  # 19.3%
    Factor("neglect", 0.175, (("16A", 1.0),)),  # 17.5%
    Factor("physical abuse", 0.140, (("18C", 0.9), ("18B", 0.1))),  # 14.0%; split by who harmed: ASSUMPTION
    # 6.4% in 2015-16: DfE "Characteristics of children in need 2015-16", as summarised at
    # childprotectioncompany.com/CPC/news/child-protection-reference/characteristics-of-children-in-need/
    Factor("sexual abuse", 0.064, (("19C", 0.8), ("19B", 0.2))),
    Factor("self-harm", 0.043, (("15A", 1.0),), teen=True, early_help=True),  # 4.3%
    Factor("child sexual exploitation", 0.039, (("11A", 1.0),), teen=True),  # 3.9%
    Factor("going missing", 0.027, (("10A", 1.0),), teen=True, early_help=True),  # 2.7%
    Factor("gangs", 0.012, (("13A", 1.0),), teen=True),  # 1.2%
)

# Where a code about "the child" (A) or "another adult" (C) cannot fall (no child old enough to
# hold it, see CODE_AGES; no other adult), the concern is recorded as the parent's (the B code), so
# the factor's share holds. Factors marked `teen` are drawn for each child aged TEEN to 17.
TEEN = 10
PARENT_CODE = {"1A": "1B", "1C": "1B", "2A": "2B", "2C": "2B", "4A": "4B", "4C": "4B"}

# Codes of abuse and neglect fall on every child of the family (siblings share the household that
# harms them: ASSUMPTION); any other code about the child falls on the eldest who can hold it.
EVERY_CHILD = frozenset({"16A", "17A", "18B", "18C", "19B", "19C"})


@dataclass(frozen=True)
class Reason:
    """A reason recorded in early help assessments: its share, and the indicators that stand for
    it with their relative weights (ASSUMPTION), each on a child, a parent or the family."""

    name: str
    share: float
    gives: tuple[tuple[str, str, int], ...]  # (indicator, on, weight)


# Seed 003 (Worcestershire early help needs assessment, 2015), Figure 39, reasons in early help
# assessments August 2013 to March 2015 (several per assessment). The other values in the figure
# lost their labels in the text (../shared/reference/seed-003-extract.md section 6.7): not used.
EARLY_HELP_REASONS: tuple[Reason, ...] = (
    Reason(
        "behaviour difficulties",  # 70.61%, at home or at school
        0.7061,
        (
            ("conduct_problems", "child", 70),
            ("antisocial_behaviour", "child", 15),
            ("violence_to_parent", "child", 10),
            ("conduct_disorder", "child", 5),
        ),
    ),
    Reason(
        "relationship difficulties",  # 64.67%, at home or at school
        0.6467,
        (("parental_conflict", "family", 1), ("parenting_difficulty", "parent", 1)),
    ),
    Reason(
        "mental or emotional health",  # 57.61%, of a parent or a child
        0.5761,
        (("low_mood_anxiety", "child", 1), ("depression_anxiety", "parent", 1)),
    ),
)

# Seed 003 Table 4: early help assessments by national IMD quintile (1 = most deprived), in %.
IMD_QUINTILES = (29.63, 22.33, 20.08, 17.07, 11.17)
# The same table's Stronger Families row (the local Troubled Families programme: a parent on
# out-of-work benefits with a child out of school, seed 003 section 4.6) in each quintile, in %:
# the share of a quintile's assessments led by Stronger Families is row / total (13% in the most
# deprived fifth, 5% in the least). An early help family in quintile q is such a family at that share.
STRONGER_FAMILIES = (3.91, 2.17, 1.50, 1.31, 0.60)

# Seed 000 section 3.5: the multi-agency screening of children at domestic abuse incidents
# (12,000 a year, West Midlands Police), grades 1-4, in %. Every family with domestic abuse is
# screened and given a grade drawn from these (ASSUMPTION: the grade does not depend on the stream).
DA_GRADES = (30, 43, 17, 10)

# -- who is in the family ------------------------------------------------------------------------

# Children's ages, in %, by band (first age, last age, share). Under 5 (23.6%) and 10-15 (30.6%):
# DfE "Characteristics of children in need 2015-16", as summarised at the page named above. 5-9
# and 16-17 share the other 45.8% by their number of years (ASSUMPTION), and within a band every
# year of age is as likely as another (ASSUMPTION).
AGE_BANDS = ((0, 4, 23.6), (5, 9, 32.7), (10, 15, 30.6), (16, 17, 13.1))

# Dependent children per family, in %: 3.7 million families with one child, 3.4 million with two
# and 1.2 million with three or more (ONS Families and households in the UK, 2024, as summarised by
# Google Dataset Search). Three or more is split 3:1 between three and four (ASSUMPTION).
CHILDREN = ((1, 44.6), (2, 41.0), (3, 10.9), (4, 3.6))

# Lone parents: 1.96 million lone parents with dependent children in 2011 (ONS news release
# "Lone parent families with dependent children in UK near two million", 19 January 2012) of
# 7.7 million families with dependent children in 2012 (ONS, as reported by ITV News, 25 March 2013).
LONE_PARENT = 0.25
OTHER_ADULT = 0.05  # another adult in the household (a grandparent, a lodger): ASSUMPTION

# A parent's age at their eldest child's birth (or now, expecting a first baby): 15-17 in 3% of
# families, otherwise 18-40, every year alike. A second parent is within 5 years of the first, and
# 16 or over; another adult is 35-75. All ASSUMPTIONS.
YOUNG_MOTHER = 0.03
YOUNG_AT_BIRTH = (15, 17)
AT_BIRTH = (18, 40)
PARTNER_GAP = 5
OTHER_ADULT_AGES = (35, 75)

# Unborn children: 3,200 of the 304,400 children in need at 31 March 2009 were unborn, 1% (DfE
# experimental statistics on the first CIN census, October 2008 to March 2009). So 1% of families
# are expecting their first baby and have no child yet (a pre-birth referral).
EXPECTING_FIRST = 0.01
EXPECTING_AGAIN = 0.05  # a mother under 45 with children is pregnant again: ASSUMPTION
GESTATION_WEEKS = (6, 38)  # weeks of pregnancy at referral, every week alike: ASSUMPTION

# -- needs no published figure covers -----------------------------------------------------------

# Every member may carry needs that no figure above covers (school absence, SEND, housing,
# debt...), drawn from the pack's own vocabulary weighted by the level each code points to (as the
# test generator does): 0, 1 or 2 such needs in these percentages (ASSUMPTION). Codes that point
# to level 4 on their own are never drawn this way: escalations come only from published shares.
BACKGROUND_NEEDS = (70, 22, 8)

# Ages at which a child can hold a code (ASSUMPTION; codes not listed: any age): school codes
# from 5, leaving education from 16, offending from the age of criminal responsibility, a child's
# own substance misuse from TEEN. A code no child of the family can hold is not given to a child.
CODE_AGES = {
    "conduct_problems": (3, 17),
    "conduct_disorder": (3, 17),
    "violence_to_parent": (8, 17),
    "low_mood_anxiety": (5, 17),
    "alcohol_misuse": (TEEN, 17),
    "drug_misuse": (TEEN, 17),
    "school_absence": (5, 17),
    "severe_absence": (5, 17),
    "fixed_term_exclusion": (5, 17),
    "permanent_exclusion": (5, 17),
    "neet": (16, 17),
    "offending": (10, 17),
    "antisocial_behaviour": (8, 17),
    "young_carer": (5, 17),
    "speech_language_delay": (1, 11),
    "developmental_delay": (0, 11),
    "adhd": (4, 17),
    "self_harm": (10, 17),
}
