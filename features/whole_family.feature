Feature: Deciding for the whole family
  A family is decided as a whole. Each child is offered the programmes that suit their own age
  and needs, never a brother's or sister's. Needs that are each small can add up across the
  family to level 3, where several agencies work to one plan. A programme that works with the
  whole family, such as intensive family support or a family group conference, is offered once
  for the family, not once for every child.

  Scenario: Each child is offered programmes for their own age
    Given a family referred on 2026-11-20 with these members:
      | member | role   | born       | age | needs                |
      | C1     | child  | 2022-05-14 |     | behaviour problems   |
      | C2     | child  | 2013-09-02 |     | antisocial behaviour |
      | P1     | parent |            | 38  |                      |
    When the family is triaged
    Then C1 is 4 years old on the referral date
    And C2 is 13 years old on the referral date
    And C1 is offered Incredible Years Preschool
    And C2 is not offered Incredible Years Preschool
    And C2 is offered Group Teen Triple P
    And C1 is not offered Group Teen Triple P
    And every programme is offered only to a member whose age is inside its catalogue age band

  Scenario: Needs spread over the family combine to level 3
    Each need on its own points to level 2: the girl's absence from school, her brother's low
    mood and their mother's depression.

    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | C1     | child  | 9   | school absence                 |
      | C2     | child  | 14  | low mood or anxiety            |
      | P1     | mother | 41  | parent's depression or anxiety |
    When the family is triaged
    Then the level of need is 3
    And a reason for the level mentions "three or more different needs" or "Two or more family members have needs"

  Scenario: Three children with one need each are level 3 together
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs                |
      | C1     | child | 6   | school absence       |
      | C2     | child | 10  | antisocial behaviour |
      | C3     | child | 14  | fixed-term exclusion |
    When the family is triaged
    Then the level of need is 3
    And a reason for the level mentions "Two or more family members have needs"

  Scenario: Two needs held by two members stay at level 2
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | C1     | child  | 9   | school absence                 |
      | P1     | mother | 41  | parent's depression or anxiety |
    When the family is triaged
    Then the level of need is 2
    And a near miss mentions "level 3"

  Scenario: Needs of the family as a whole count with the children's
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs          |
      | C1     | child | 9   | school absence |
    And the family has housing problems and financial difficulty or debt
    When the family is triaged
    Then the level of need is 3
    And a reason for the level mentions "three or more different needs"

  Scenario: Intensive family support is offered once for the family, not for each child
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs                |
      | C1     | child | 6   | antisocial behaviour |
      | C2     | child | 10  | antisocial behaviour |
      | C3     | child | 13  | antisocial behaviour |
    And the family has risk of eviction or homelessness and domestic abuse concerns
    When the family is triaged
    Then the level of need is 3
    And Intensive family support is offered once, for the whole family

  Scenario: A family group conference is offered once, while each child keeps their own programmes
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                                                                |
      | C1     | child  | 12  | care being considered, antisocial behaviour                          |
      | C2     | child  | 15  | parent asks for the child to go into care, violence towards a parent |
      | P1     | parent | 45  |                                                                      |
    When the family is triaged
    Then the level of need is 4
    And Family Group Conference is offered once, for the whole family
    And C1 is offered Functional Family Therapy
    And C2 is offered Functional Family Therapy
    And every programme is offered only to a member whose age is inside its catalogue age band
    And every reason cites a source document
