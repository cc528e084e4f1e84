"""Load the 75 Van Wiechen items (data/van_wiechen_items.csv) and, on PostgreSQL, a trigger that
refuses an appointment whose date or time lies outside its session."""

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION parent_portal_appointment_in_session() RETURNS trigger AS $$
DECLARE s RECORD;
BEGIN
  SELECT date, start_time, end_time INTO s FROM parent_portal_session WHERE id = NEW.session_id;
  IF NEW.date <> s.date OR NEW.slot_time < s.start_time OR NEW.slot_time >= s.end_time THEN
    RAISE EXCEPTION 'appointment % lies outside its session %', NEW.id, NEW.session_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER parent_portal_appointment_in_session
  BEFORE INSERT OR UPDATE OF session_id, date, slot_time ON parent_portal_appointment
  FOR EACH ROW EXECUTE FUNCTION parent_portal_appointment_in_session();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS parent_portal_appointment_in_session ON parent_portal_appointment;
DROP FUNCTION IF EXISTS parent_portal_appointment_in_session();
"""


def load_items(apps, schema_editor):
    from parent_portal import milestone_items

    milestone_items.load(apps.get_model("parent_portal", "MilestoneItem"))


def remove_items(apps, schema_editor):
    apps.get_model("parent_portal", "MilestoneItem").objects.all().delete()


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("parent_portal", "0001_initial")]

    operations = [
        migrations.RunPython(load_items, remove_items),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
