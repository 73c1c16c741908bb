Feature: Profiles that cannot be decided on are refused
  A decision is only as good as the profile it rests on, so a profile that is unreadable, unsafe
  or inconsistent is refused rather than guessed at. The continuum command then ends with exit
  code 2, writes nothing on standard output and never shows a program error. Its message names
  the file, the line where that can be known, the field, and what was expected, so whoever wrote
  the profile can correct it.

  Scenario: A profile that is not valid YAML is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-YAML
        date: 2026-11-20
      members:
        - {id: C1, role: child, age: 4
        - {id: C2, role: child, age: 7}
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives a line number
    And the message says "not valid YAML or JSON"

  Scenario: A field given twice is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-DUPLICATE-KEY
        date: 2026-11-20
        id: R-BAD-OTHER
      members:
        - id: C1
          role: child
          age: 4
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 4
    And the message names the field "referral.id"
    And the message says "duplicate key 'id' (first at line 2)"

  Scenario: A profile that tries to run program code is refused
    Given the family profile:
      """
      referral:
        id: !!python/object/apply:os.system ["echo unsafe"]
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 2
    And the message names the field "referral.id"
    And the message says "is not accepted"

  Scenario: A field the profile format does not have is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-FIELD
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
          school: St Mary's
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 8
    And the message names the field "members[0].school"
    And the message says "unknown field"

  Scenario: A date that does not exist is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-DATE
        date: 2026-11-20
      members:
        - id: C1
          role: child
          date_of_birth: 2026-02-30
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 7
    And the message names the field "members[0].date_of_birth"
    And the message says "2026-02-30"

  Scenario: A child born after the referral date is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-UNBORN
        date: 2026-11-20
      members:
        - id: C1
          role: child
          date_of_birth: 2026-11-21
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 7
    And the message names the field "members[0].date_of_birth"
    And the message says "after the referral date"

  Scenario Outline: An age below 0 or above 120 is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-AGE
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
        - id: P1
          role: parent
          age: <age>
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 10
    And the message names the field "members[1].age"
    And the message says "<expected>"

    Examples:
      | age | expected                   |
      | -1  | greater than or equal to 0 |
      | 121 | less than or equal to 120  |

  Scenario: A date of birth that gives an age over 120 is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-OLD
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
        - id: P1
          role: other_adult
          date_of_birth: 1905-06-01
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 10
    And the message names the field "members[1].date_of_birth"
    And the message says "120"

  Scenario Outline: A yes or no where a number is expected is refused
    An age is a whole number of years and a domestic abuse grade is a number from 1 to 4. A
    "yes" or "true" in their place is a mistake to correct, not a grade of 1 or an age of 1.

    Given the family profile:
      """
      referral:
        id: R-BAD-BOOLEAN
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: <age>
      family:
        indicators: [domestic_abuse]
        domestic_abuse_risk: <grade>
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line <line>
    And the message names the field "<field>"

    Examples:
      | age  | grade | line | field                      |
      | true | 2     | 7    | members[0].age             |
      | 8    | yes   | 10   | family.domestic_abuse_risk |

  Scenario: A role the profile format does not know is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-ROLE
        date: 2026-11-20
      members:
        - id: C1
          role: grandchild
          age: 4
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 6
    And the message names the field "members[0].role"
    And the message says "'grandchild'"

  Scenario: A misspelt indicator is refused with a suggestion
    Given the family profile:
      """
      referral:
        id: R-BAD-INDICATOR
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
        - id: P1
          role: parent
          age: 30
          indicators: [depresion]
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 11
    And the message names the field "members[1].indicators"
    And the message says "unknown indicator 'depresion' (did you mean 'depression_anxiety'?)"

  Scenario Outline: A need recorded on someone it cannot apply to is refused
    An adult's need such as depression cannot be recorded on a child, a child's need such as
    neglect cannot be recorded on an adult, and needs of the whole family such as housing belong
    under family, not on one member.

    Given the family profile:
      """
      referral:
        id: R-BAD-HOLDER
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 9
          indicators: [<child's needs>]
        - id: P1
          role: parent
          age: 35
          indicators: [<parent's needs>]
      family:
        indicators: [<family needs>]
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line <line>
    And the message names the field "<field>"
    And the message says "<message>"

    Examples:
      | child's needs      | parent's needs | family needs     | line | field                 | message                                                              |
      | depression_anxiety |                |                  | 8    | members[0].indicators | 'depression_anxiety' applies to an adult, not to a child             |
      |                    | neglect        |                  | 12   | members[1].indicators | 'neglect' applies to a child, not to an adult                        |
      | housing_problems   |                |                  | 8    | members[0].indicators | 'housing_problems' applies to the family as a whole, not to a child  |
      |                    |                | conduct_problems | 14   | family.indicators     | 'conduct_problems' applies to a child, not to the family as a whole |

  Scenario: Two members with the same id are refused
    Given the family profile:
      """
      referral:
        id: R-BAD-IDS
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
        - id: C1
          role: child
          age: 7
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 8
    And the message names the field "members[1].id"
    And the message says "duplicate member id 'C1'"

  Scenario: A domestic abuse grade of 5 is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-GRADE
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 4
      family:
        indicators: [domestic_abuse]
        domestic_abuse_risk: 5
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 10
    And the message names the field "family.domestic_abuse_risk"
    And the message says "less than or equal to 4"

  Scenario: An empty file is refused
    Given a profile file holding nothing
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message says "empty"

  Scenario: A binary file is refused
    Given a profile file holding binary data
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message says "binary"

  Scenario: A family of adults with no child and no pregnancy is refused
    Given the family profile:
      """
      referral:
        id: R-BAD-NO-CHILD
        date: 2026-11-20
      members:
        - id: P1
          role: parent
          age: 30
          indicators: [depression_anxiety]
        - id: P2
          role: carer
          age: 32
          pregnant: false
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 4
    And the message names the field "members"
    And the message says "neither a child"
