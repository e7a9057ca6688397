"""`cancuoc import people FILE ...`: imports by kind of list (only people so far)."""

from django.core.management.base import BaseCommand

from cancuoc.registry.management.commands import import_people


class Command(BaseCommand):
    help = "Nhập danh sách: cancuoc import people TỆP [--unit MÃ] [--json] [--report LỖI.xlsx]."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="people")
        people = kinds.add_parser("people", help="danh sách công dân (CSV hoặc .xlsx)")
        import_people.Command().add_arguments(people)

    def handle(self, *args, **options):
        options.pop("kind")
        import_people.Command(stdout=self.stdout, stderr=self.stderr).handle(*args, **options)
