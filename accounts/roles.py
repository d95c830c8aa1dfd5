"""Staff roles are Django groups; committee and working-group roles come from seats later."""

CONTENT_COORDINATORS = "Content coordinators"
ADMINISTRATION_TEAM = "Administration team"

STAFF_GROUPS = [CONTENT_COORDINATORS, ADMINISTRATION_TEAM]
