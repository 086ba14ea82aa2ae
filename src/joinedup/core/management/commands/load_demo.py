"""Load (or refresh) the fictional Ilford, Exeter and Manchester demo."""

from django.core.management.base import BaseCommand

from joinedup.core.demo import ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the fictional demo places, people, teams and events. Safe to run again."

    def handle(self, *args, **options):
        demo = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: {', '.join(p.name for p in demo.places.values())}")
        )
        self.stdout.write(
            f"Sign in at http://127.0.0.1:8000 with any of these (password {DEMO_PASSWORD}):"
        )
        for email, name, roles, admin in ACCOUNTS:
            what = (
                "site admin"
                if admin
                else "; ".join(
                    f"{', '.join(r.label.lower() for r in rs)} in {slug}"
                    for slug, rs in roles.items()
                )
            )
            self.stdout.write(f"  {email:40} {name:18} {what}")
