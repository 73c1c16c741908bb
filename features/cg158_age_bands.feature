Feature: NICE CG158 age bands decide which programmes a child can be offered
  A programme for behaviour problems is offered only to a child whose age lies inside the
  programme's age band, which stays inside the band NICE CG158 sets for that kind of programme.
  Age is counted in whole years on the referral date, from the date of birth: a child is a year
  older on their birthday and not a day before. A child born on 29 February has a birthday on
  28 February in years that are not leap years. A member aged 18 or over is an adult, whatever
  role the profile gives them.

  Scenario Outline: Parent training for behaviour problems starts at 3; the preschool group ends at 6
    Given a family referred on 2026-11-20 with these members:
      | member | role  | born   | needs              |
      | C1     | child | <born> | behaviour problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 is <preschool group> Incredible Years Preschool
    And C1 is <one-to-one> Standard Triple P

    Examples:
      | born       | age | preschool group | one-to-one  |
      | 2023-11-21 | 2   | not offered     | not offered |
      | 2023-11-20 | 3   | offered         | offered     |
      | 2019-11-21 | 6   | offered         | offered     |
      | 2019-11-20 | 7   | not offered     | offered     |

  Scenario Outline: The school-age parent programme runs from 6 to 11, then the teenage programme takes over
    Given a family referred on 2026-11-20 with these members:
      | member | role  | born   | needs              |
      | C1     | child | <born> | behaviour problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 is <school age> Incredible Years School Age
    And C1 is <teenage> Group Teen Triple P

    Examples:
      | born       | age | school age  | teenage     |
      | 2020-11-21 | 5   | not offered | not offered |
      | 2020-11-20 | 6   | offered     | not offered |
      | 2016-11-20 | 10  | offered     | not offered |
      | 2015-11-20 | 11  | offered     | not offered |
      | 2014-11-21 | 11  | offered     | not offered |
      | 2014-11-20 | 12  | not offered | offered     |
      | 2010-11-20 | 16  | not offered | offered     |
      | 2009-11-20 | 17  | not offered | not offered |

  Scenario Outline: Multisystemic therapy for a conduct disorder is for young people aged 11 to 17
    Given a family referred on 2026-11-20 with these members:
      | member | role  | born   | needs            |
      | C1     | child | <born> | conduct disorder |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And the level of need is 3
    And C1 is <therapy> Multisystemic Therapy

    Examples:
      | born       | age | therapy     |
      | 2015-11-21 | 10  | not offered |
      | 2015-11-20 | 11  | offered     |
      | 2008-11-21 | 17  | offered     |

  Scenario Outline: A child born on 29 February is a year older on 28 February in other years
    Given a family referred on <referred> with these members:
      | member | role  | born       | needs              |
      | C1     | child | 2020-02-29 | behaviour problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 is <school age> Incredible Years School Age
    And C1 is <classroom> Classroom emotional learning and problem-solving programme

    Examples:
      | referred   | age | school age  | classroom   |
      | 2026-02-27 | 5   | not offered | offered     |
      | 2026-02-28 | 6   | offered     | offered     |
      | 2028-02-28 | 7   | offered     | offered     |
      | 2028-02-29 | 8   | offered     | not offered |

  Scenario: A young person who turns 18 on the referral date is an adult, so a child's need cannot be recorded on them
    Given a family referred on 2026-11-20 with these members:
      | member | role  | born       | age | needs            |
      | C1     | child | 2008-11-20 |     | conduct disorder |
      | C2     | child |            | 9   |                  |
    When the family is triaged
    Then the profile is refused with a message that says "applies to a child, not to an adult"

  Scenario: A young person of 18 recorded as a child is treated as an adult and offered no children's programme
    Given a family referred on 2026-11-20 with these members:
      | member | role  | born       | needs                          |
      | C1     | child | 2008-11-20 | parent's depression or anxiety |
      | C2     | child | 2018-06-01 |                                |
    When the family is triaged
    Then C1 is 18 years old on the referral date
    And C1 is offered nothing
    And C2 is offered Solihull Approach

  Scenario Outline: No programme is ever offered outside its age band
    Every programme in the decision is checked against the age of the member it is for, worked
    out from the date of birth, and against the band in the pack's catalogue.

    Given a family referred on 2026-11-20 with these members:
      | member | role   | born       | age | needs                  |
      | C0     | child  | 2024-11-21 |     | <needs>                |
      | C2     | child  | 2023-11-21 |     | <needs>                |
      | C3     | child  | 2023-11-20 |     | <needs>                |
      | C5     | child  | 2020-11-21 |     | <needs>                |
      | C6     | child  | 2020-11-20 |     | <needs>                |
      | C7     | child  | 2019-11-20 |     | <needs>                |
      | C8     | child  | 2017-11-21 |     | <needs>                |
      | C9     | child  | 2017-11-20 |     | <needs>                |
      | C10    | child  | 2016-11-20 |     | <needs>                |
      | C11    | child  | 2014-11-21 |     | <needs>                |
      | C12    | child  | 2014-11-20 |     | <needs>                |
      | C14    | child  | 2012-11-20 |     | <needs>                |
      | C15    | child  | 2011-11-20 |     | <needs>                |
      | C16    | child  | 2010-11-20 |     | <needs>                |
      | C17    | child  | 2008-11-21 |     | <needs>                |
      | P1     | mother |            | 24  | parenting difficulties |
    And P1 is 10 weeks pregnant with her first baby
    When the family is triaged
    Then at least 10 programmes are offered
    And every programme is offered only to a member whose age is inside its catalogue age band
    And every reason cites a source document
    And no reason is given twice

    Examples:
      | needs                                            |
      | behaviour problems                               |
      | conduct disorder, ADHD                           |
      | antisocial behaviour and school absence          |
      | offending, low mood or anxiety                   |
      | looked after, offending                          |
      | care being considered, violence towards a parent |
      | self-harm, developmental delay                   |
