"""`manage.py create_api_token USERNAME --name NAME [--days N]`: a personal API token, printed once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_create


class Command(BaseCommand):
    help = "Tạo một mã truy cập API cho tài khoản và in ra một lần duy nhất (chỉ lưu mã băm)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="Tên của mã, ví dụ: bản đồ của tỉnh")
        parser.add_argument("--days", type=int, default=None, help="Số ngày hiệu lực (mặc định: API_TOKEN_DAYS)")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên {username}.")
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days phải từ 1 đến 3650.")
        try:
            token, raw = api_token_create(user=user, name=name, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(f"Mã truy cập “{token.name}” của {username}, hết hạn {token.expires_at:%d/%m/%Y}:")
        self.stdout.write(raw)
