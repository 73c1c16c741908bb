Feature: Suggesting a lead professional
  At level 1 universal services carry on and no lead professional is named. From level 2 one is
  suggested, by the first of these that applies: a social worker at level 4; the practitioner
  the family asked for, if already involved; youth justice for an offending child; the family
  nurse when FNP is offered; CAMHS for serious mental health or self-harm; the midwife when
  there is only an unborn child; an early help key worker when several members have needs in
  more than one area of family life at level 3; then by the age of the child with most needs:
  the health visitor under 5, the school from 5 to 15, the school or college at 16 or 17 if still
  in education, and otherwise an early help practitioner.

  Scenario: At level 1 nobody is named as lead professional
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age |
      | C1     | child | 8   |
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the level of need is 1
    And there is no lead professional

  Scenario Outline: At level 4 the social worker leads, even when the family would prefer the school
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs   |
      | C1     | child | 10  | <needs> |
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the level of need is 4
    And the lead professional is the social worker
    And the reason for the lead mentions "social worker"

    Examples:
      | needs                 |
      | care being considered |
      | neglect               |

  Scenario: The practitioner the family asks for leads when already involved
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs          |
      | C1     | child | 8   | school absence |
    And the school and the GP already work with the family
    And the family would like the GP to lead
    When the family is triaged
    Then the level of need is 2
    And the lead professional is the GP
    And the reason for the lead mentions "The family has asked for"
    And no warning mentions "would like the gp"

  Scenario: A preferred practitioner who is not involved is not chosen, and the panel is told
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs          |
      | C1     | child | 8   | school absence |
    And the school already works with the family
    And the family would like the GP to lead
    When the family is triaged
    Then the level of need is 2
    And the lead professional is the school
    And a warning mentions "would like the gp to lead"

  Scenario: Youth justice leads for a child who is offending
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | C1     | child  | 15  | offending                      |
      | P1     | parent | 44  | parent's depression or anxiety |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 3
    And the lead professional is the youth justice worker
    And the reason for the lead mentions "offending"

  Scenario: CAMHS leads for a child who is self-harming
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs     |
      | C1     | child | 14  | self-harm |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 3
    And C1 is offered CAMHS specialist assessment
    And the lead professional is the CAMHS practitioner
    And the reason for the lead mentions "self-harming"

  Scenario: The midwife leads when the only child is not yet born and FNP is not offered
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age |
      | P1     | mother | 30  |
    And P1 is 20 weeks pregnant with her second baby
    And the family has housing problems
    When the family is triaged
    Then the level of need is 2
    And P1 is not offered Family Nurse Partnership
    And the lead professional is the midwife
    And the reason for the lead mentions "no child yet"

  Scenario Outline: At level 2 the lead follows the child's age
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age   | needs   |
      | C1     | child | <age> | <needs> |
    When the family is triaged
    Then the level of need is 2
    And the lead professional is <lead>
    And the reason for the lead mentions "<because>"

    Examples:
      | age | needs                                    | lead                       | because               |
      | 0   | speech and language delay                | the health visitor         | under 5               |
      | 4   | speech and language delay                | the health visitor         | under 5               |
      | 5   | school absence                           | the school                 | of school age         |
      | 9   | school absence                           | the school                 | of school age         |
      | 15  | school absence                           | the school                 | of school age         |
      | 16  | school absence                           | the school                 | 16 or over            |
      | 16  | not in education, employment or training | an early help practitioner | No other rule applies |

  Scenario Outline: A practitioner already working with the family on its need leads
    Working Together 2023: the lead is usually the practitioner with the best relationship with
    the family. The school meets an attendance need; a school nurse is there for health needs.

    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs          |
      | C1     | child | 9   | school absence |
    And the family already works with <involved>
    When the family is triaged
    Then the level of need is 2
    And the lead professional is <lead>
    And the reason for the lead mentions "<why>"

    Examples:
      | involved                        | lead             | why                           |
      | the school nurse                | the school nurse | of school age                 |
      | the school nurse and the school | the school       | already works with the family |

  Scenario: A school-age child with no school place has an early help practitioner as lead, not the school
    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs               |
      | C1     | child | 13  | permanent exclusion |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 3
    And the lead professional is an early help practitioner
    And the reason for the lead mentions "No other rule applies"

  Scenario: An early help key worker leads when two family members have needs in two areas at level 3
    No practitioner works with the family yet, and the child is 9, so without this rule the school
    would lead.

    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                               |
      | C1     | child  | 9   | school absence, low mood or anxiety |
      | P1     | parent | 35  | parent's depression or anxiety      |
    When the family is triaged
    Then the level of need is 3
    And the lead professional is an early help practitioner
    And the reason for the lead mentions "one key worker for the whole family"

  Scenario: The school that already works with the family leads before a new key worker
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                               |
      | C1     | child  | 9   | school absence, low mood or anxiety |
      | P1     | parent | 35  | parent's depression or anxiety      |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 3
    And the lead professional is the school
    And the reason for the lead mentions "already works with the family"

  Scenario: A key worker is not needed at level 2, even when two members have needs
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                          |
      | C1     | child  | 9   | school absence                 |
      | P1     | parent | 35  | parent's depression or anxiety |
    And the school already works with the family
    When the family is triaged
    Then the level of need is 2
    And the lead professional is the school
    And the reason for the lead mentions "already works with the family"

  Scenario: At level 3 with needs in one area only, the lead follows the age of the child with most needs
    Both children's needs are about their own development, so no whole-family key worker is
    suggested; the children tie on needs, so the younger one decides the lead. No practitioner
    works with the family yet.

    Given a family referred on 2026-11-20 with these members:
      | member | role  | age | needs            |
      | C1     | child | 11  | school absence   |
      | C2     | child | 4   | conduct disorder |
    When the family is triaged
    Then the level of need is 3
    And the lead professional is the health visitor
    And the reason for the lead mentions "under 5"

  Scenario: The family's wish comes before the whole-family key worker
    Given a family referred on 2026-11-20 with these members:
      | member | role   | age | needs                               |
      | C1     | child  | 9   | school absence, low mood or anxiety |
      | P1     | parent | 35  | parent's depression or anxiety      |
    And the school already works with the family
    And the family would like the school to lead
    When the family is triaged
    Then the level of need is 3
    And the lead professional is the school
    And the reason for the lead mentions "The family has asked for"
