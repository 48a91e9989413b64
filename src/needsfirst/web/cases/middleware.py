"""A change refused because the case was handed over answers every page the same way: 409 and a
page that says why, with the way back to the case (which stays readable)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from needsfirst.web.cases.services import CaseReadOnlyError


def read_only_page(request: HttpRequest, case_uuid: object) -> HttpResponse:
    return render(request, "cases/read_only.html", {"case_uuid": case_uuid}, status=409)


class CaseReadOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, CaseReadOnlyError):
            return read_only_page(request, exception.case_uuid)
        return None
