import os, time, django
os.environ["DJANGO_SETTINGS_MODULE"]="portal.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", "dashboards", verbosity=0)
from dashboards import facts
from django.db import connection, transaction
import dashboards.facts as F
# time the phases
phases = {}
def timed(name, fn):
    def wrap(*a, **k):
        t=time.perf_counter(); r=fn(*a, **k); phases[name]=phases.get(name,0)+time.perf_counter()-t; return r
    return wrap
for name in ("_delete_facts","_insert_practitioner_facts","_insert_bureau_facts","_insert_month_facts"):
    setattr(F, name, timed(name, getattr(F, name)))
t=time.perf_counter()
r=facts.rebuild_all()
print("rebuild", r, round(time.perf_counter()-t,1), {k: round(v,1) for k,v in phases.items()})
