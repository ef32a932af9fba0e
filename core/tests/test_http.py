from core.http import XLSX, attachment


def test_an_attachment_names_its_file_in_ascii_and_utf8_and_is_never_sniffed():
    response = attachment(b"PK\x03\x04", "bảng-điều-khiển.xlsx", XLSX)
    assert response["Content-Type"] == XLSX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''b%E1%BA%A3ng")
    assert b"".join(response.streaming_content) == b"PK\x03\x04"
