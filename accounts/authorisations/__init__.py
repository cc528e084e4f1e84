"""Authorised persons of consultation bureaus: the organiser's requests and the agency's review.

selectors.py  reads, scoped by accounts.policies (overview, review queue, diff, history)
rules.py      what makes a request's lines valid, shared by the form, the API and the service
services.py   submit, edit, withdraw, approve, reject, remove now, acknowledge, resend
emails.py     the e-mails to the organiser and to the persons
forms.py      the request form with the declaration on honour
views.py      the pages of organisers and of the agency
"""
