Feature: Safeguarding concerns go straight to children's social care
  A concern that a child is suffering, or is likely to suffer, significant harm is not a matter
  for early help. Whatever else is recorded about the family, it escalates: the decision is
  level 4, says where the concern must go now (the front door to children's social care, or the
  child's social worker), gives its reasons with their sources, and a social worker leads.
  A parent or a pregnancy under 13 always escalates, and so does an expectant parent whose
  earlier child was removed (a pre-birth assessment). Domestic abuse is graded 1 to 4 on the
  multi-agency screening (seed 000 section 3.5): grade 1 needs no further action, grade 2 is met
  by early help, grades 3 and 4 need a social work response.

  Scenario Outline: A significant-harm concern escalates to level 4 whatever else is recorded
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | C1     | child  | 12  | school absence, <concern>      |
      | P1     | parent | 40  | parent's depression or anxiety |
    And the family has housing problems
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And the safeguarding route mentions "social care" or "social worker"
    And a safeguarding reason mentions "<because>"
    And the lead professional is the social worker
    And no programme meant only for early help (levels 2 and 3) is offered
    And every reason cites a source document
    And no reason is given twice

    Examples:
      | concern                       | because                           |
      | significant harm              | may be suffering significant harm |
      | physical abuse                | may be suffering significant harm |
      | sexual abuse                  | may be suffering significant harm |
      | emotional abuse               | may be suffering significant harm |
      | neglect                       | may be suffering significant harm |
      | child protection plan         | on a child protection plan        |
      | sexual activity under 13      | cannot consent to sexual activity |
      | risk of sexual exploitation   | exploited by others               |
      | risk of criminal exploitation | exploited by others               |
      | female genital mutilation     | Female genital mutilation         |

  Scenario: Female genital mutilation must be reported to the police as well
    Given a family referred on 2026-11-20 with these members:
      | member | role   | born       | age | needs                     |
      | C1     | child  | 2017-01-30 |     | female genital mutilation |
      | P1     | parent |            | 38  |                           |
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And the safeguarding route mentions "police"
    And the lead professional is the social worker

  Scenario Outline: A child with several concerns under one trigger is given each reason once
    A trigger fires once for a child, however many of its concerns are recorded, so the panel
    reads each reason once.

    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs      |
      | C1     | child | 13  | <concerns> |
    When the family is triaged
    Then the family is escalated to children's social care
    And a safeguarding reason mentions "<because>"
    And no reason is given twice

    Examples:
      | concerns                                                      | because                           |
      | physical abuse, neglect                                       | may be suffering significant harm |
      | risk of sexual exploitation and risk of criminal exploitation | exploited by others               |

  Scenario: A pregnant girl of 12 is a child protection concern, and a midwife must be involved
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age |
      | P1     | mother | 12  |
    And P1 is 10 weeks pregnant with her first baby
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And a safeguarding reason mentions "A pregnancy under 13"
    And the safeguarding route mentions "midwife"
    And the lead professional is the social worker
    And every reason cites a source document

  Scenario Outline: Pregnancy escalates at 12 but not at 13
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age   |
      | P1     | <role> | <age> |
    And P1 is 10 weeks pregnant with her first baby
    When the family is triaged
    Then the family <outcome> escalated to children's social care
    And the level of need is <level>

    Examples:
      | role   | age | outcome | level |
      | mother | 12  | is      | 4     |
      | mother | 13  | is not  | 2     |
      | child  | 12  | is      | 4     |
      | child  | 13  | is not  | 2     |

  Scenario: A 12-year-old mother is a child protection concern, whoever else looks after the baby
    Given a family referred on 2026-11-20 with these members:
      | member | role   | born       | age |
      | C1     | child  | 2026-08-20 |     |
      | M1     | mother |            | 12  |
      | G1     | carer  |            | 52  |
    And the health visitor already works with the family
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And a safeguarding reason mentions "A parent under 13"
    And the safeguarding route mentions "health visitor or midwife"
    And the lead professional is the social worker
    And every reason cites a source document

  Scenario Outline: An expectant mother whose earlier child was removed needs a pre-birth assessment
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                        |
      | P1     | mother | 29  | an earlier child was removed |
    And P1 is <weeks> weeks pregnant with her second baby
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And a safeguarding reason mentions "pre-birth assessment"
    And the safeguarding route mentions "pre-birth assessment"
    And the lead professional is the social worker
    And every reason cites a source document

    Examples:
      | weeks |
      | 8     |
      | 20    |
      | 36    |

  Scenario Outline: Domestic abuse graded 1 needs no further action, and graded 2 is met by early help
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age |
      | C1     | child | 8   |
    And the family has domestic abuse concerns
    And domestic abuse is graded <grade> on the multi-agency screening
    When the family is triaged
    Then the family is not escalated to children's social care
    And the level of need is <level>
    And a reason for the level mentions "<because>"

    Examples:
      | grade | level | because                   |
      | 1     | 1     | Nothing recorded calls    |
      | 2     | 3     | At grade 2                |

  Scenario Outline: Domestic abuse graded 3 or 4 needs a social work response
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age |
      | C1     | child | 8   |
    And the family has domestic abuse concerns
    And domestic abuse is graded <grade> on the multi-agency screening
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And the safeguarding route mentions "social work" or "social care"
    And a safeguarding reason mentions "At grade <grade>"
    And the lead professional is the social worker
    And every reason cites a source document

    Examples:
      | grade |
      | 3     |
      | 4     |

  Scenario Outline: A domestic abuse grade outside 1 to 4 cannot be recorded
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age |
      | C1     | child | 8   |
    And the family has domestic abuse concerns
    And domestic abuse is graded <grade> on the multi-agency screening
    When the family is triaged
    Then the profile is refused with a message that says "<message>"

    Examples:
      | grade | message                    |
      | 5     | less than or equal to 4    |
      | 0     | greater than or equal to 1 |
