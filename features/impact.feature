Feature: What a threshold change does to a caseload, before it goes live
  A policy officer tries a change on a caseload and the board sees what it does: first whether
  any family loses a safeguarding escalation, then how families move between levels. The
  caseload here is synthetic (`continuum synth`); a council uses its own year of referrals.

  Scenario: Counting domestic abuse grade 2 as level 2 moves families down and loses no escalation
    Given a synthetic caseload of 1500 families
    When the rule "domestic-abuse-grade-2" gives level 2
    And the change is tried on the caseload
    Then no family loses a safeguarding escalation
    And the number of families at level 3 falls
    And some families move from level 3 to level 2

  Scenario: Taking trafficking out of a trigger is shown as lost escalations, family by family
    Given a synthetic caseload of 1500 families
    When the trigger "exploitation-risk" no longer covers trafficking
    And the change is tried on the caseload
    Then some families lose a safeguarding escalation, each named with its reasons
    And the number of families at level 4 stays the same
