Feature: Reviewing the help a family already has
  At a review the help the family has now (its level, its lead and since when) is set beside what
  the rules suggest today. The help steps up when needs have grown, steps down when they have
  eased, or stays the same. Stepping down is a success, but no family is cut adrift: every step
  down asks for a named contact and a plan to keep the family's progress. When the suggested lead
  is not the family's lead now, the reasons say who hands over to whom and why, and the panel is
  asked to plan the handover.

  Scenario: One need left after a team around the family steps down to one agency
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                 |
      | C1     | child  | 8   | behaviour problems    |
      | P1     | parent | 35  |                       |
    And the family already works with the school
    And the help the family has now is level 3 since 2026-03-01, led by the early help practitioner
    When the family is triaged
    Then the level of need is 2
    And the help steps down
    And a reason for the change mentions "Level 3 → 2"
    And a reason for the change mentions "from the early help practitioner to the school"
    And a warning mentions "named contact"
    And a warning mentions "handover"
    And every reason cites a source document

  Scenario: A family leaving children's social care is told plainly that early help carries on
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs              |
      | C1     | child  | 10  | behaviour problems |
      | P1     | parent | 38  |                    |
    And the family already works with the social worker and the school
    And the help the family has now is level 4 since 2025-09-15, led by the social worker
    When the family is triaged
    Then the help steps down
    And the family is not escalated to children's social care
    And a reason for the change mentions "Level 4 → 2"
    And a warning mentions "named contact"

  Scenario: Neglect found at a review steps the help up to children's social care
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs   |
      | C1     | child  | 6   | neglect |
      | P1     | parent | 29  |         |
    And the early help practitioner already works with the family
    And the help the family has now is level 3 since 2026-02-02, led by the early help practitioner
    When the family is triaged
    Then the family is escalated to children's social care
    And the help steps up
    And the lead professional is the social worker
    And no warning mentions "named contact"

  Scenario: Help that still fits stays the same, with no handover
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs              |
      | C1     | child  | 8   | behaviour problems |
      | P1     | parent | 33  |                    |
    And the school already works with the family
    And the help the family has now is level 2 since 2026-04-20, led by the school
    When the family is triaged
    Then the help stays the same
    And the lead professional is the school
    And no warning mentions "handover"
    And no warning mentions "named contact"
