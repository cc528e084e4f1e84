"""English translations of the user-facing strings added by the data part of the dashboards
(generator, demo, benchmark). None so far: the generator stores Dutch demo data (organisation
names, the session and allocation note `generator.MARK`), which is data, not interface text."""

T: dict[str, str | tuple[str, str]] = {}
