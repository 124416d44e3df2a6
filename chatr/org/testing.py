"""The scoped-record contract every app's tests subclass with its own data.

A subclass says how to make a record owned by a unit and where its list, detail, API and
export live; the contract proves that a reader in scope sees it through every path, and a
reader out of scope sees it through none, with 404 (not 403) for direct ids.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client


class ScopedRecordContract:
    """Subclass in an app's test_scope.py and fill in the hooks."""

    # Usernames from the shared world.
    reader_in_scope: str = "kerman_manager"
    reader_out_of_scope: str = "zanjan_manager"
    owner_unit_code: str = "C0801"  # a Kerman county: inside Kerman, outside Zanjan

    def make_record(self, world: Any, unit: Any) -> Any:
        raise NotImplementedError

    def list_url(self) -> str:
        raise NotImplementedError

    def detail_url(self, record: Any) -> str:
        raise NotImplementedError

    def api_list_url(self) -> str:
        raise NotImplementedError

    def api_detail_url(self, record: Any) -> str:
        raise NotImplementedError

    def export_url(self) -> str | None:
        return None

    def marker(self, record: Any) -> str:
        """Text that identifies the record in a list page, API item or export row."""
        return str(record.pk)

    def api_ids(self, payload: Any) -> set[str]:
        return {str(item["id"]) for item in payload["items"]}

    def export_ids(self, content: str) -> set[str]:
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        return {row[0] for row in rows[1:]}

    @pytest.fixture
    def record(self, world: Any) -> Any:
        return self.make_record(world, world.unit(self.owner_unit_code))

    def _client(self, client_for: Any, username: str) -> Client:
        client: Client = client_for(username)
        return client

    def test_reader_in_scope_sees_record_in_list_detail_api_and_export(
        self, record: Any, client_for: Any
    ) -> None:
        client = self._client(client_for, self.reader_in_scope)
        assert client.get(self.detail_url(record)).status_code == 200
        assert client.get(self.api_detail_url(record)).status_code == 200
        assert self.marker(record) in self.api_ids(client.get(self.api_list_url()).json())
        list_page = client.get(self.list_url())
        assert list_page.status_code == 200
        assert self.detail_url(record) in list_page.content.decode()
        export_url = self.export_url()
        if export_url:
            export = client.get(export_url)
            content = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
            assert self.marker(record) in self.export_ids(content)

    def test_reader_out_of_scope_gets_404_for_detail_and_api_detail(
        self, record: Any, client_for: Any
    ) -> None:
        client = self._client(client_for, self.reader_out_of_scope)
        assert client.get(self.detail_url(record)).status_code == 404
        response = client.get(self.api_detail_url(record))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_reader_out_of_scope_never_sees_record_in_lists_or_exports(
        self, record: Any, client_for: Any
    ) -> None:
        client = self._client(client_for, self.reader_out_of_scope)
        list_page = client.get(self.list_url())
        assert self.detail_url(record) not in list_page.content.decode()
        assert self.marker(record) not in self.api_ids(client.get(self.api_list_url()).json())
        export_url = self.export_url()
        if export_url:
            export = client.get(export_url)
            if export.status_code == 200:
                content = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
                assert self.marker(record) not in self.export_ids(content)

    def test_guessed_ids_answer_404_like_missing_ones(self, record: Any, client_for: Any) -> None:
        client = self._client(client_for, self.reader_out_of_scope)
        out_of_scope = client.get(self.api_detail_url(record))
        record_pk = record.pk
        record.pk = 10**9
        missing = client.get(self.api_detail_url(record))
        record.pk = record_pk
        assert out_of_scope.status_code == missing.status_code == 404
        assert out_of_scope.json() == missing.json()
