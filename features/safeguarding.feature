Feature: Safeguarding concerns go straight to children's social care
  A concern that a child is suffering, or is likely to suffer, significant harm is not a matter
  for early help. Whatever else is recorded about the family, it escalates: the decision is
  level 4, says where the concern must go now (the front door to children's social care, or the
  child's social worker), gives its reasons with their sources, and a social worker leads.
  Domestic abuse is graded 1 to 4 on the multi-agency screening (seed 000 section 3.5): grades 1
  and 2 are met by early help, grades 3 and 4 need a social work response.

  Scenario Outline: A significant-harm concern escalates to level 4 whatever else is recorded
    Given the family profile:
      """
      referral:
        id: R-SG-<concern>
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 12
          indicators: [school_absence, <concern>]
        - id: P1
          role: parent
          age: 40
          indicators: [depression_anxiety]
      family:
        indicators: [housing_problems]
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the decision escalates to children's social care
    And the level of need is 4
    And the safeguarding route mentions "social care" or "social worker"
    And the safeguarding reasons give the rule "<rule>" and cite a source document
    And the lead professional is social_worker
    And no programme meant only for early help (levels 2 and 3) is recommended
    And no reason is given twice

    Examples:
      | concern                    | rule                              |
      | physical_abuse             | significant-harm-abuse-or-neglect |
      | sexual_abuse               | significant-harm-abuse-or-neglect |
      | emotional_abuse            | significant-harm-abuse-or-neglect |
      | neglect                    | significant-harm-abuse-or-neglect |
      | child_protection_plan      | child-protection-plan             |
      | sexual_activity_under_13   | sexual-activity-under-13          |
      | sexual_exploitation_risk   | exploitation-risk                 |
      | criminal_exploitation_risk | exploitation-risk                 |

  Scenario Outline: A child with several concerns under one trigger is given each reason once
    A trigger fires once for a child, however many of its concerns are recorded, so the panel
    reads each reason once.

    Given the family profile:
      """
      referral:
        id: R-SG-SEVERAL
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 13
          indicators: [<concerns>]
      """
    When the family is triaged
    Then the decision escalates to children's social care
    And the safeguarding reasons give the rule "<rule>" and cite a source document
    And no reason is given twice

    Examples:
      | concerns                                             | rule                              |
      | physical_abuse, neglect                              | significant-harm-abuse-or-neglect |
      | sexual_exploitation_risk, criminal_exploitation_risk | exploitation-risk                 |

  Scenario: A pregnant girl of 12 is a child protection concern, and a midwife must be involved
    Given the family profile:
      """
      referral:
        id: R-SG-PREGNANT-12
        date: 2026-11-20
        consent: true
      members:
        - id: P1
          role: parent
          age: 12
          pregnant: true
          first_pregnancy: true
          gestation_weeks: 10
      family:
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the decision escalates to children's social care
    And the level of need is 4
    And the safeguarding reasons give the rule "parent-under-13" and cite a source document
    And the safeguarding route mentions "midwife"
    And the lead professional is social_worker

  Scenario Outline: Pregnancy escalates at 12 but not at 13
    Given a family referred on 2026-11-20 with these members:
      | id | role   | age   | pregnant | first_pregnancy | gestation_weeks |
      | P1 | parent | <age> | true     | true            | 10              |
    When the family is triaged
    Then the decision <outcome> to children's social care
    And the level of need is <level>

    Examples:
      | age | outcome           | level |
      | 12  | escalates         | 4     |
      | 13  | does not escalate | 2     |

  Scenario Outline: Domestic abuse graded 1 or 2 is met by early help
    Given the family profile:
      """
      referral:
        id: R-SG-DA-<grade>
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 8
      family:
        indicators: [domestic_abuse]
        domestic_abuse_risk: <grade>
      """
    When the family is triaged
    Then the decision does not escalate to children's social care
    And the level of need is <level>
    And the level reasons include the rule "<rule>"

    Examples:
      | grade | level | rule                     |
      | 1     | 2     | indicator:domestic_abuse |
      | 2     | 3     | domestic-abuse-grade-2   |

  Scenario Outline: Domestic abuse graded 3 or 4 needs a social work response
    Given the family profile:
      """
      referral:
        id: R-SG-DA-<grade>
        date: 2026-11-20
        consent: true
      members:
        - id: C1
          role: child
          age: 8
      family:
        indicators: [domestic_abuse]
        domestic_abuse_risk: <grade>
        involved: [school]
        preferred_lead: school
      """
    When the family is triaged
    Then the decision escalates to children's social care
    And the level of need is 4
    And the safeguarding route mentions "social work" or "social care"
    And the safeguarding reasons give the rule "domestic-abuse-grade-<grade>" and cite a source document
    And the lead professional is social_worker

    Examples:
      | grade |
      | 3     |
      | 4     |

  Scenario Outline: A domestic abuse grade outside 1 to 4 is refused
    Given the family profile:
      """
      referral:
        id: R-SG-DA-<grade>
        date: 2026-11-20
      members:
        - id: C1
          role: child
          age: 8
      family:
        indicators: [domestic_abuse]
        domestic_abuse_risk: <grade>
      """
    When the profile is triaged with the continuum command
    Then the profile is refused with exit code 2 and nothing on standard output
    And the message names the file "family.yaml"
    And the message gives line 10
    And the message names the field "family.domestic_abuse_risk"

    Examples:
      | grade |
      | 5     |
      | 0     |
