Feature: The Families First model of 2026
  One Family Help service takes the place of targeted early help and child in need, each family
  in Family Help has a Family Help lead practitioner, child protection is led by a lead child
  protection practitioner, and the family network is offered a meeting before a child may
  become looked after. Every safeguarding escalation of the default pack is kept.

  Scenario: A child in need is helped inside Family Help, not referred to social care
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                                   |
      | C1     | child  | 12  | conduct disorder, school absence        |
      | P1     | mother | 39  | parent's depression or anxiety          |
    And the family has housing problems
    When the family is triaged
    Then the level of need is 3
    And the level is called "Family Help"
    And the family is not escalated to children's social care
    And the lead's function is called "Family Help lead practitioner"

  Scenario: One need a school meets is Family Help at lower intensity
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs          |
      | C1     | child | 9   | school absence |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 2
    And the lead professional is the school
    And the lead's function is called "Family Help lead practitioner"

  Scenario Outline: Harm to a child is child protection, led by a social worker
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs   |
      | C1     | child | 7   | <needs> |
    When the family is triaged
    Then the level of need is 4
    And the family is escalated to children's social care
    And the lead professional is the social worker
    And the lead's function is called "lead child protection practitioner"

    Examples:
      | needs          |
      | physical abuse |
      | neglect        |

  Scenario: Before a teenager may become looked after, the family network meets first
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                                   |
      | C1     | child  | 14  | care being considered, violence towards a parent |
      | P1     | mother | 44  | parent's depression or anxiety          |
    When the family is triaged
    Then the level of need is 4
    And C1 is offered Family Group Conference
    And the family is not escalated to children's social care
