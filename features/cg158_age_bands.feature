Feature: NICE CG158 age bands decide which programmes a child can be offered
  A programme for behaviour problems is offered only to a child whose age lies inside the
  programme's age band, which stays inside the band NICE CG158 sets for that kind of programme.
  Age is counted in whole years on the referral date, from the date of birth: a child is a year
  older on their birthday and not a day before. A child born on 29 February has a birthday on
  28 February in years that are not leap years. A member aged 18 or over is an adult, whatever
  role the profile gives them.

  Scenario Outline: Parent training for behaviour problems starts at 3; the preschool group ends at 6
    Given a family referred on 2026-11-20 with these members:
      | id | role  | date_of_birth | indicators       |
      | C1 | child | <born>        | conduct_problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 <preschool group> "incredible-years-preschool"
    And C1 <one-to-one> "triple-p-standard"

    Examples:
      | born       | age | preschool group | one-to-one     |
      | 2023-11-21 | 2   | is not offered  | is not offered |
      | 2023-11-20 | 3   | is offered      | is offered     |
      | 2019-11-21 | 6   | is offered      | is offered     |
      | 2019-11-20 | 7   | is not offered  | is offered     |

  Scenario Outline: The school-age parent programme runs from 6 to 11, then the teenage programme takes over
    Given a family referred on 2026-11-20 with these members:
      | id | role  | date_of_birth | indicators       |
      | C1 | child | <born>        | conduct_problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 <school age> "incredible-years-school-age"
    And C1 <teenage> "triple-p-teen"

    Examples:
      | born       | age | school age     | teenage        |
      | 2020-11-21 | 5   | is not offered | is not offered |
      | 2020-11-20 | 6   | is offered     | is not offered |
      | 2016-11-20 | 10  | is offered     | is not offered |
      | 2015-11-20 | 11  | is offered     | is not offered |
      | 2014-11-21 | 11  | is offered     | is not offered |
      | 2014-11-20 | 12  | is not offered | is offered     |
      | 2010-11-20 | 16  | is not offered | is offered     |
      | 2009-11-20 | 17  | is not offered | is not offered |

  Scenario Outline: Multisystemic therapy for a conduct disorder is for young people aged 11 to 17
    Given a family referred on 2026-11-20 with these members:
      | id | role  | date_of_birth | indicators       |
      | C1 | child | <born>        | conduct_disorder |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And the level of need is 3
    And C1 <therapy> "multisystemic-therapy"

    Examples:
      | born       | age | therapy        |
      | 2015-11-21 | 10  | is not offered |
      | 2015-11-20 | 11  | is offered     |
      | 2008-11-21 | 17  | is offered     |

  Scenario Outline: A child born on 29 February is a year older on 28 February in other years
    Given a family referred on <referred> with these members:
      | id | role  | date_of_birth | indicators       |
      | C1 | child | 2020-02-29    | conduct_problems |
    When the family is triaged
    Then C1 is <age> years old on the referral date
    And C1 <school age> "incredible-years-school-age"
    And C1 <classroom> "classroom-emotional-learning"

    Examples:
      | referred   | age | school age     | classroom      |
      | 2026-02-27 | 5   | is not offered | is offered     |
      | 2026-02-28 | 6   | is offered     | is offered     |
      | 2028-02-28 | 7   | is offered     | is offered     |
      | 2028-02-29 | 8   | is offered     | is not offered |

  Scenario: A young person who turns 18 on the referral date is an adult, so a child's need cannot be recorded on them
    Given the family profile:
      """
      referral:
        id: R-CG158-18
        date: 2026-11-20
      members:
        - id: C1
          role: child
          date_of_birth: 2008-11-20
          indicators: [conduct_disorder]
        - id: C2
          role: child
          age: 9
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 8
    And the message names the field "members[0].indicators"
    And the message says "'conduct_disorder' applies to a child, not to an adult"

  Scenario: A young person of 18 recorded as a child is treated as an adult and offered no children's programme
    Given the family profile:
      """
      referral:
        id: R-CG158-18B
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          date_of_birth: 2008-11-20
          indicators: [depression_anxiety]
        - id: C2
          role: child
          date_of_birth: 2018-06-01
      """
    When the family is triaged
    Then C1 is 18 years old on the referral date
    And C1 is offered nothing
    And C2 is offered "solihull-approach"

  Scenario Outline: No programme is ever recommended outside its age band
    Every programme in the decision is checked against the age of the member it is for,
    worked out from the date of birth, and against the band in the catalogue.

    Given a family referred on 2026-11-20 with these members:
      | id  | role   | date_of_birth | age | pregnant | first_pregnancy | gestation_weeks | indicators           |
      | C0  | child  | 2024-11-21    |     |          |                 |                 | <needs>              |
      | C2  | child  | 2023-11-21    |     |          |                 |                 | <needs>              |
      | C3  | child  | 2023-11-20    |     |          |                 |                 | <needs>              |
      | C5  | child  | 2020-11-21    |     |          |                 |                 | <needs>              |
      | C6  | child  | 2020-11-20    |     |          |                 |                 | <needs>              |
      | C7  | child  | 2019-11-20    |     |          |                 |                 | <needs>              |
      | C8  | child  | 2017-11-21    |     |          |                 |                 | <needs>              |
      | C9  | child  | 2017-11-20    |     |          |                 |                 | <needs>              |
      | C10 | child  | 2016-11-20    |     |          |                 |                 | <needs>              |
      | C11 | child  | 2014-11-21    |     |          |                 |                 | <needs>              |
      | C12 | child  | 2014-11-20    |     |          |                 |                 | <needs>              |
      | C14 | child  | 2012-11-20    |     |          |                 |                 | <needs>              |
      | C15 | child  | 2011-11-20    |     |          |                 |                 | <needs>              |
      | C16 | child  | 2010-11-20    |     |          |                 |                 | <needs>              |
      | C17 | child  | 2008-11-21    |     |          |                 |                 | <needs>              |
      | P1  | parent |               | 24  | true     | true            | 10              | parenting_difficulty |

    When the family is triaged
    Then at least 10 programmes are recommended
    And every programme recommended is for a member whose age lies inside its catalogue age band
    And no reason is given twice

    Examples:
      | needs                                 |
      | conduct_problems                      |
      | conduct_disorder, adhd                |
      | antisocial_behaviour, school_absence  |
      | offending, low_mood_anxiety           |
      | looked_after, offending               |
      | care_considered, violence_to_parent   |
      | self_harm, developmental_delay        |
