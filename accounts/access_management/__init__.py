"""The e-loket roles of GP circles and care facilities, and every organisation's contact persons.

The agency appoints a circle's main access manager (its legal representative) and a facility's
director; main access managers appoint access managers; access managers add and remove the
circle's users; directors manage their care providers. Who may manage which role is decided in
accounts.policies (MANAGEABLE_ROLES, roles_manageable_by).

    selectors.py  the team of an organisation, the agency's overview, contact persons
    services.py   add and remove a member, replace the main access manager, contact persons
    forms.py      views.py
"""
