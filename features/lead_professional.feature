Feature: Suggesting a lead professional
  At level 1 universal services carry on and no lead professional is named. From level 2 the
  engine suggests one, trying the rules of pathways/lead_professional.yaml from the top and
  taking the first that applies: a social worker at level 4; then the practitioner the family
  asked for, if already involved; youth justice for an offending child; the family nurse when
  FNP is offered; CAMHS for serious mental health or self-harm; the midwife when there is only an
  unborn child; an early help key worker when several members have needs in more than one area
  of family life at level 3; then by the age of the child with most needs: the health visitor
  under 5, the school from 5 to 15, the school or college at 16 or 17 if still in education, and
  otherwise an early help practitioner.

  Scenario: At level 1 nobody is named as lead professional
    Given the family profile:
      """
      referral:
        id: R-LP-UNIVERSAL
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 8
      family:
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the level of need is 1
    And there is no lead professional

  Scenario Outline: At level 4 the social worker leads, even when the family would prefer the school
    Given the family profile:
      """
      referral:
        id: R-LP-LEVEL4
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 10
          indicators: [<need>]
      family:
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the level of need is 4
    And the lead professional is social_worker under the rule "lead-social-worker-level-4"

    Examples:
      | need            |
      | care_considered |
      | neglect         |

  Scenario: The practitioner the family asks for leads when already involved
    Given the family profile:
      """
      referral:
        id: R-LP-PREFERRED
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 8
          indicators: [school_absence]
      family:
        involved: [school, gp]
        preferred_lead: gp
      """
    When the family is triaged
    Then the level of need is 2
    And the lead professional is gp under the rule "lead-family-preference"
    And no warning mentions "would like the gp"

  Scenario: A preferred practitioner who is not involved is not chosen, and the panel is told
    Given the family profile:
      """
      referral:
        id: R-LP-PREFERRED-ABSENT
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 8
          indicators: [school_absence]
      family:
        involved: [school]
        preferred_lead: gp
      """
    When the family is triaged
    Then the level of need is 2
    And the lead professional is school
    And a warning mentions "would like the gp to lead"

  Scenario: Youth justice leads for a child who is offending
    Given the family profile:
      """
      referral:
        id: R-LP-YJS
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 15
          indicators: [offending]
        - id: P1
          role: parent
          age: 44
          indicators: [depression_anxiety]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 3
    And the lead professional is youth_justice_worker under the rule "lead-youth-justice"

  Scenario: CAMHS leads for a child who is self-harming
    Given the family profile:
      """
      referral:
        id: R-LP-CAMHS
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 14
          indicators: [self_harm]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 3
    And C1 is offered "camhs-assessment"
    And the lead professional is camhs_practitioner under the rule "lead-camhs"

  Scenario: The midwife leads when the only child is not yet born and FNP is not offered
    Given the family profile:
      """
      referral:
        id: R-LP-MIDWIFE
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 30
          pregnant: true
          first_pregnancy: false
          gestation_weeks: 20
      family:
        indicators: [housing_problems]
      """
    When the family is triaged
    Then the level of need is 2
    And P1 is not offered "family-nurse-partnership"
    And the lead professional is midwife under the rule "lead-midwife-unborn"

  Scenario Outline: At level 2 the lead follows the child's age
    Given a family referred on 2026-11-20 with these members:
      | id | role  | age   | indicators |
      | C1 | child | <age> | <need>     |
    When the family is triaged
    Then the level of need is 2
    And the lead professional is <lead> under the rule "<rule>"

    Examples:
      | age | need                  | lead                    | rule                         |
      | 0   | speech_language_delay | health_visitor          | lead-baton-early-years       |
      | 4   | speech_language_delay | health_visitor          | lead-baton-early-years       |
      | 5   | school_absence        | school                  | lead-baton-school-age        |
      | 15  | school_absence        | school                  | lead-baton-school-age        |
      | 16  | school_absence        | school                  | lead-baton-post-16           |
      | 16  | neet                  | early_help_practitioner | lead-early-help-practitioner |

  Scenario Outline: For a school-age child the school nurse leads when involved and the school is not
    Given the family profile:
      """
      referral:
        id: R-LP-SCHOOL-NURSE
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 9
          indicators: [school_absence]
      family:
        involved: [<involved>]
      """
    When the family is triaged
    Then the level of need is 2
    And the lead professional is <lead> under the rule "lead-baton-school-age"

    Examples:
      | involved             | lead         |
      | school_nurse         | school_nurse |
      | school_nurse, school | school       |
      |                      | school       |

  Scenario: A school-age child with no school place has an early help practitioner as lead, not the school
    Given the family profile:
      """
      referral:
        id: R-LP-EXCLUDED
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 13
          indicators: [permanent_exclusion]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 3
    And the lead professional is early_help_practitioner under the rule "lead-early-help-practitioner"

  Scenario: An early help key worker leads when two family members have needs in two areas at level 3
    The child is 9 and the school is involved, so without this rule the school would lead.

    Given the family profile:
      """
      referral:
        id: R-LP-KEYWORKER
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 9
          indicators: [school_absence, low_mood_anxiety]
        - id: P1
          role: parent
          age: 35
          indicators: [depression_anxiety]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 3
    And the lead professional is early_help_practitioner under the rule "lead-key-worker-whole-family"

  Scenario: A key worker is not needed at level 2, even when two members have needs
    Given the family profile:
      """
      referral:
        id: R-LP-KEYWORKER-LEVEL2
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 9
          indicators: [school_absence]
        - id: P1
          role: parent
          age: 35
          indicators: [depression_anxiety]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 2
    And the lead professional is school under the rule "lead-baton-school-age"

  Scenario: At level 3 with needs in one area only, the lead follows the age of the child with most needs
    Both children's needs are about their own development, so no whole-family key worker is
    suggested; the children tie on needs, so the younger one decides the lead.

    Given the family profile:
      """
      referral:
        id: R-LP-ONE-AREA
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 11
          indicators: [school_absence]
        - id: C2
          role: child
          age: 4
          indicators: [conduct_disorder]
      family:
        involved: [school]
      """
    When the family is triaged
    Then the level of need is 3
    And the lead professional is health_visitor under the rule "lead-baton-early-years"

  Scenario: The family's wish comes before the whole-family key worker
    Given the family profile:
      """
      referral:
        id: R-LP-KEYWORKER-PREFERRED
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 9
          indicators: [school_absence, low_mood_anxiety]
        - id: P1
          role: parent
          age: 35
          indicators: [depression_anxiety]
      family:
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the level of need is 3
    And the lead professional is school under the rule "lead-family-preference"
