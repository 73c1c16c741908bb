Feature: Family Nurse Partnership for young first-time mothers
  Family Nurse Partnership (FNP) is offered to an expectant mother who is expecting her first
  baby (also after a pregnancy that ended in miscarriage, termination or stillbirth) and is no
  more than 28 weeks pregnant: aged 19 or under, or aged 20 to 24 with a named vulnerability such
  as domestic abuse, her own mental health problems or substance misuse, the risk of losing her
  home, having left care or a learning disability. Money worries alone are not one. A pregnant
  teenager has additional needs in her own right. When FNP is offered, the family nurse leads;
  otherwise the midwife leads while there is no child yet.

  Scenario: A pregnant 17-year-old expecting her first baby is offered a family nurse, who leads
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age |
      | P1     | mother | 17  |
    And P1 is 12 weeks pregnant with her first baby
    When the family is triaged
    Then the level of need is 2
    And a reason for the level mentions "pregnant teenager"
    And P1 is offered Family Nurse Partnership
    And the lead professional is the family nurse
    And the reason for the lead mentions "Family Nurse Partnership"
    And no warning mentions "gestation"
    And every reason cites a source document

  Scenario Outline: The age limit for FNP is 24
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age   | needs                          |
      | P1     | mother | <age> | parent's depression or anxiety |
    And P1 is 12 weeks pregnant with her first baby
    When the family is triaged
    Then the level of need is 2
    And P1 is <fnp> Family Nurse Partnership
    And the lead professional is the <lead>

    Examples:
      | age | fnp         | lead         |
      | 24  | offered     | family nurse |
      | 25  | not offered | midwife      |

  Scenario: A 25-year-old first-time mother is not offered FNP, and her age is no near miss
    Nobody can act on a mother's age, so the decision does not list it as something that would
    change the answer.
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | P1     | mother | 25  | parent's depression or anxiety |
    And P1 is 12 weeks pregnant with her first baby
    When the family is triaged
    Then P1 is not offered Family Nurse Partnership
    And no near miss is shown
    And the lead professional is the midwife
    And the reason for the lead mentions "no child yet"

  Scenario Outline: Aged 20 to 24, she joins FNP for a named vulnerability, not for money worries alone
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age |
      | P1     | mother | 22  |
    And P1 is 12 weeks pregnant with her first baby
    And the family has <concern>
    When the family is triaged
    Then P1 is <fnp> Family Nurse Partnership

    Examples:
      | concern                          | fnp         |
      | financial difficulty or debt     | not offered |
      | risk of eviction or homelessness | offered     |
      | domestic abuse concerns          | offered     |

  Scenario: A mother expecting her second baby is not offered FNP
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | P1     | mother | 19  | parent's depression or anxiety |
    And P1 is 12 weeks pregnant with her second baby
    When the family is triaged
    Then the level of need is 2
    And P1 is not offered Family Nurse Partnership
    And the lead professional is the midwife

  Scenario: A first-time mother aged 24 with no additional needs is not offered FNP
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age |
      | P1     | mother | 24  |
    And P1 is 12 weeks pregnant with her first baby
    When the family is triaged
    Then the level of need is 1
    And P1 is not offered Family Nurse Partnership
    And there is no lead professional

  Scenario Outline: FNP enrolment closes after 28 weeks of pregnancy
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | P1     | mother | 22  | parent's depression or anxiety |
    And P1 is <weeks> weeks pregnant with her first baby
    When the family is triaged
    Then P1 is <fnp> Family Nurse Partnership

    Examples:
      | weeks | fnp         |
      | 28    | offered     |
      | 29    | not offered |
      | 30    | not offered |

  Scenario: When gestation is not recorded FNP is offered, with a warning to check it
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | P1     | mother | 20  | parent's depression or anxiety |
    And P1 is pregnant with her first baby
    When the family is triaged
    Then P1 is offered Family Nurse Partnership
    And a warning mentions "gestation is not recorded"
    And the lead professional is the family nurse

  Scenario Outline: A pregnant 15-year-old is a child in law and is also offered what an expectant mother is
    She may be recorded as a child who is pregnant or as a mother: either way she may carry a
    child's needs and an adult's, is protected as a child and is offered FNP.

    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                       |
      | Y1     | <role> | 15  | risk of sexual exploitation |
    And Y1 is 10 weeks pregnant with her first baby
    When the family is triaged
    Then the family is escalated to children's social care
    And the level of need is 4
    And a safeguarding reason mentions "exploited"
    And Y1 is offered Family Nurse Partnership
    And the lead professional is the social worker

    Examples:
      | role   |
      | child  |
      | mother |
