Feature: Deciding for the whole family
  A family is decided as a whole. Each child is offered the programmes that suit their own age
  and needs, never a brother's or sister's. Needs that are each small can add up across the
  family to level 3, where several agencies work to one plan. A programme that works with the
  whole family, such as intensive family support or a family group conference, is recommended
  once for the family, not once for every child.

  Scenario: Each child is offered programmes for their own age
    Given the family profile:
      """
      referral:
        id: R-WF-AGES
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          date_of_birth: 2022-05-14
          indicators: [conduct_problems]
        - id: C2
          role: child
          date_of_birth: 2013-09-02
          indicators: [antisocial_behaviour]
        - id: P1
          role: parent
          age: 38
      """
    When the family is triaged
    Then C1 is 4 years old on the referral date
    And C2 is 13 years old on the referral date
    And C1 is offered "incredible-years-preschool"
    And C2 is not offered "incredible-years-preschool"
    And C2 is offered "triple-p-teen"
    And C1 is not offered "triple-p-teen"
    And every programme recommended is for a member whose age lies inside its catalogue age band

  Scenario: Needs spread over the family combine to level 3
    Each need on its own points to level 2: the child's absence from school, her brother's low
    mood and their mother's depression.

    Given the family profile:
      """
      referral:
        id: R-WF-COMBINE
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 9
          indicators: [school_absence]
        - id: C2
          role: child
          age: 14
          indicators: [low_mood_anxiety]
        - id: P1
          role: parent
          age: 41
          indicators: [depression_anxiety]
      """
    When the family is triaged
    Then the level of need is 3
    And the level reasons include one of the rules "several-needs-across-domains" or "needs-across-family-members"

  Scenario: Three children with one need each are level 3 together
    Given a family referred on 2026-11-20 with these members:
      | id | role  | age | indicators           |
      | C1 | child | 6   | school_absence       |
      | C2 | child | 10  | antisocial_behaviour |
      | C3 | child | 14  | fixed_term_exclusion |
    When the family is triaged
    Then the level of need is 3
    And the level reasons include the rule "needs-across-family-members"

  Scenario: Two needs held by two members stay at level 2
    Given a family referred on 2026-11-20 with these members:
      | id | role   | age | indicators         |
      | C1 | child  | 9   | school_absence     |
      | P1 | parent | 41  | depression_anxiety |
    When the family is triaged
    Then the level of need is 2

  Scenario: Intensive family support is recommended once for the family, not for each child
    Given the family profile:
      """
      referral:
        id: R-WF-IFS
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 6
          indicators: [antisocial_behaviour]
        - id: C2
          role: child
          age: 10
          indicators: [antisocial_behaviour]
        - id: C3
          role: child
          age: 13
          indicators: [antisocial_behaviour]
      family:
        indicators: [eviction_risk, domestic_abuse]
      """
    When the family is triaged
    Then the level of need is 3
    And "intensive-family-support" is recommended once for the whole family

  Scenario: A family group conference is recommended once, while each child keeps their own programmes
    Given the family profile:
      """
      referral:
        id: R-WF-FGC
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 12
          indicators: [care_considered, antisocial_behaviour]
        - id: C2
          role: child
          age: 15
          indicators: [accommodation_requested, violence_to_parent]
        - id: P1
          role: parent
          age: 45
      """
    When the family is triaged
    Then the level of need is 4
    And "family-group-conference" is recommended once for the whole family
    And C1 is offered "functional-family-therapy"
    And C2 is offered "functional-family-therapy"
    And every programme recommended is for a member whose age lies inside its catalogue age band
