Feature: Family Nurse Partnership for young first-time mothers
  Family Nurse Partnership (FNP) is offered to an expectant mother aged 24 or under who is
  expecting her first baby and is no more than 28 weeks pregnant, when the family has additional
  needs (level 2 or above). A pregnant teenager has additional needs in her own right. When FNP
  is offered, the family nurse leads; otherwise the midwife leads while there is no child yet.

  Scenario: A pregnant 17-year-old expecting her first baby is offered a family nurse, who leads
    Given the family profile:
      """
      referral:
        id: R-FNP-17
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 17
          pregnant: true
          first_pregnancy: true
          gestation_weeks: 12
      """
    When the family is triaged
    Then the level of need is 2
    And the level reasons include the rule "teenage-pregnancy"
    And P1 is offered "family-nurse-partnership"
    And the lead professional is family_nurse under the rule "lead-family-nurse"
    And no warning mentions "gestation"

  Scenario Outline: The age limit for FNP is 24
    Given a family referred on 2026-11-20 with these members:
      | id | role   | age   | pregnant | first_pregnancy | gestation_weeks | indicators         |
      | P1 | parent | <age> | true     | true            | 12              | depression_anxiety |
    When the family is triaged
    Then the level of need is 2
    And P1 <fnp> "family-nurse-partnership"
    And the lead professional is <lead>

    Examples:
      | age | fnp            | lead         |
      | 24  | is offered     | family_nurse |
      | 25  | is not offered | midwife      |

  Scenario: A 25-year-old first-time mother is told she only just misses FNP
    Given the family profile:
      """
      referral:
        id: R-FNP-25
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 25
          pregnant: true
          first_pregnancy: true
          gestation_weeks: 12
          indicators: [depression_anxiety]
      """
    When the family is triaged
    Then P1 is not offered "family-nurse-partnership"
    And a near miss mentions "Family Nurse Partnership"
    And the lead professional is midwife under the rule "lead-midwife-unborn"

  Scenario: A mother expecting her second baby is not offered FNP
    Given the family profile:
      """
      referral:
        id: R-FNP-SECOND
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 19
          pregnant: true
          first_pregnancy: false
          gestation_weeks: 12
          indicators: [depression_anxiety]
      """
    When the family is triaged
    Then the level of need is 2
    And P1 is not offered "family-nurse-partnership"
    And the lead professional is midwife

  Scenario: A first-time mother aged 24 with no additional needs is not offered FNP
    Given the family profile:
      """
      referral:
        id: R-FNP-UNIVERSAL
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 24
          pregnant: true
          first_pregnancy: true
          gestation_weeks: 12
      """
    When the family is triaged
    Then the level of need is 1
    And P1 is not offered "family-nurse-partnership"
    And there is no lead professional

  Scenario Outline: FNP enrolment closes after 28 weeks of pregnancy
    Given a family referred on 2026-11-20 with these members:
      | id | role   | age | pregnant | first_pregnancy | gestation_weeks | indicators         |
      | P1 | parent | 22  | true     | true            | <weeks>         | depression_anxiety |
    When the family is triaged
    Then P1 <fnp> "family-nurse-partnership"

    Examples:
      | weeks | fnp            |
      | 28    | is offered     |
      | 29    | is not offered |
      | 30    | is not offered |

  Scenario: When gestation is not recorded FNP is offered, with a warning to check it
    Given the family profile:
      """
      referral:
        id: R-FNP-NOGESTATION
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 20
          pregnant: true
          first_pregnancy: true
          indicators: [depression_anxiety]
      """
    When the family is triaged
    Then P1 is offered "family-nurse-partnership"
    And a warning mentions "gestation is not recorded"
    And the lead professional is family_nurse
