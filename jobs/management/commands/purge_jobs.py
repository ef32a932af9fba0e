from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = "Xoá các tệp đã tạo quá JOB_RESULT_DAYS ngày (chạy hằng ngày bằng cron khi không dùng Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Số ngày giữ tệp (mặc định: JOB_RESULT_DAYS).")

    def handle(self, *args, days=None, **options):
        count = services.purge(days=days)
        self.stdout.write(f"{count} job(s) deleted.")
